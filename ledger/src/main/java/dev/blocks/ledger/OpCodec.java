package dev.blocks.ledger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Encodes ledger operations as journal payloads: {@code [type][seq][clock][count][events]}. */
final class OpCodec {
  static final byte ACCOUNTS = 1;
  static final byte TRANSFERS = 2;
  static final byte EXPIRE = 3;
  static final int HEADER = 1 + 8 + 8 + 4;
  static final int TRANSFER_BYTES = 12 * 8 + 5 * 4 + 8;
  static final int ACCOUNT_BYTES = 16 + 32 + 16 + 8 + 16 + 8;

  private OpCodec() {}

  static void header(ByteBuffer b, byte type, long seq, long now, int count) {
    b.put(type).putLong(seq).putLong(now).putInt(count);
  }

  static void encode(ByteBuffer b, TransferBatch t) {
    for (int i = 0; i < t.size; i++) {
      b.putLong(t.idHi[i]).putLong(t.idLo[i]);
      b.putLong(t.drHi[i]).putLong(t.drLo[i]);
      b.putLong(t.crHi[i]).putLong(t.crLo[i]);
      b.putLong(t.amount[i]);
      b.putLong(t.pendHi[i]).putLong(t.pendLo[i]);
      b.putLong(t.udHi[i]).putLong(t.udLo[i]).putLong(t.ud64[i]);
      b.putInt(t.ud32[i]).putInt(t.timeout[i]).putInt(t.ledger[i]).putInt(t.code[i]);
      b.putInt(t.flags[i]);
      b.putLong(t.timestamp[i]);
    }
  }

  static void decode(ByteBuffer b, int count, TransferBatch t) {
    t.clear();
    for (int i = 0; i < count; i++) {
      t.idHi[i] = b.getLong();
      t.idLo[i] = b.getLong();
      t.drHi[i] = b.getLong();
      t.drLo[i] = b.getLong();
      t.crHi[i] = b.getLong();
      t.crLo[i] = b.getLong();
      t.amount[i] = b.getLong();
      t.pendHi[i] = b.getLong();
      t.pendLo[i] = b.getLong();
      t.udHi[i] = b.getLong();
      t.udLo[i] = b.getLong();
      t.ud64[i] = b.getLong();
      t.ud32[i] = b.getInt();
      t.timeout[i] = b.getInt();
      t.ledger[i] = b.getInt();
      t.code[i] = b.getInt();
      t.flags[i] = b.getInt();
      t.timestamp[i] = b.getLong();
    }
    t.size = count;
  }

  static void encode(ByteBuffer b, List<Account> accounts) {
    for (Account a : accounts) {
      b.putLong(a.id().hi()).putLong(a.id().lo());
      b.putLong(a.debitsPending()).putLong(a.debitsPosted());
      b.putLong(a.creditsPending()).putLong(a.creditsPosted());
      b.putLong(a.userData128().hi()).putLong(a.userData128().lo()).putLong(a.userData64());
      b.putInt(a.userData32()).putInt(a.ledger()).putInt(a.code()).putInt(a.flags());
      b.putLong(a.timestamp());
    }
  }

  static List<Account> decodeAccounts(ByteBuffer b, int count) {
    List<Account> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Uint128 id = new Uint128(b.getLong(), b.getLong());
      long dp = b.getLong();
      long dpo = b.getLong();
      long cp = b.getLong();
      long cpo = b.getLong();
      Uint128 ud = new Uint128(b.getLong(), b.getLong());
      long ud64 = b.getLong();
      int ud32 = b.getInt();
      int ledger = b.getInt();
      int code = b.getInt();
      int flags = b.getInt();
      long ts = b.getLong();
      out.add(new Account(id, dp, dpo, cp, cpo, ud, ud64, ud32, ledger, code, flags, ts));
    }
    return out;
  }
}
