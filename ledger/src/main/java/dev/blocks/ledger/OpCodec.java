package dev.blocks.ledger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Encodes ledger operations as journal payloads: {@code [type][seq][clock][count][events]}. */
final class OpCodec {
  static final byte ACCOUNTS = 1;
  static final byte TRANSFERS = 2;
  static final byte EXPIRE = 3;
  static final byte TRANSFERS_COMPACT = 4;
  static final int HEADER = 1 + 8 + 8 + 4;
  static final int TRANSFER_BYTES = 12 * 8 + 5 * 4 + 8;

  /** Fixed part of a compact transfer: presence, flags, id, accounts, amount, ledger, code. */
  static final int TRANSFER_BYTES_MIN = 1 + 4 + 48 + 8 + 4 + 4;

  /** A compact transfer with every optional field present. */
  static final int TRANSFER_BYTES_MAX = TRANSFER_BYTES_MIN + 16 + 16 + 8 + 4 + 4 + 8;

  private static final int HAS_PENDING = 1;
  private static final int HAS_USER_DATA_128 = 2;
  private static final int HAS_USER_DATA_64 = 4;
  private static final int HAS_USER_DATA_32 = 8;
  private static final int HAS_TIMEOUT = 16;
  private static final int HAS_TIMESTAMP = 32;
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

  /**
   * Writes the batch with the optional fields (pending id, user data, timeout, timestamp) only when
   * non-zero, behind one presence byte per event: a plain transfer takes {@value
   * #TRANSFER_BYTES_MIN} bytes instead of {@value #TRANSFER_BYTES}.
   */
  static void encodeCompact(ByteBuffer b, TransferBatch t) {
    for (int i = 0; i < t.size; i++) {
      int has = 0;
      if ((t.pendHi[i] | t.pendLo[i]) != 0) {
        has |= HAS_PENDING;
      }
      if ((t.udHi[i] | t.udLo[i]) != 0) {
        has |= HAS_USER_DATA_128;
      }
      if (t.ud64[i] != 0) {
        has |= HAS_USER_DATA_64;
      }
      if (t.ud32[i] != 0) {
        has |= HAS_USER_DATA_32;
      }
      if (t.timeout[i] != 0) {
        has |= HAS_TIMEOUT;
      }
      if (t.timestamp[i] != 0) {
        has |= HAS_TIMESTAMP;
      }
      b.put((byte) has).putInt(t.flags[i]);
      b.putLong(t.idHi[i]).putLong(t.idLo[i]);
      b.putLong(t.drHi[i]).putLong(t.drLo[i]);
      b.putLong(t.crHi[i]).putLong(t.crLo[i]);
      b.putLong(t.amount[i]).putInt(t.ledger[i]).putInt(t.code[i]);
      if (has != 0) {
        if ((has & HAS_PENDING) != 0) {
          b.putLong(t.pendHi[i]).putLong(t.pendLo[i]);
        }
        if ((has & HAS_USER_DATA_128) != 0) {
          b.putLong(t.udHi[i]).putLong(t.udLo[i]);
        }
        if ((has & HAS_USER_DATA_64) != 0) {
          b.putLong(t.ud64[i]);
        }
        if ((has & HAS_USER_DATA_32) != 0) {
          b.putInt(t.ud32[i]);
        }
        if ((has & HAS_TIMEOUT) != 0) {
          b.putInt(t.timeout[i]);
        }
        if ((has & HAS_TIMESTAMP) != 0) {
          b.putLong(t.timestamp[i]);
        }
      }
    }
  }

  /** Reads what {@link #encodeCompact} wrote. */
  static void decodeCompact(ByteBuffer b, int count, TransferBatch t) {
    t.clear();
    for (int i = 0; i < count; i++) {
      int has = b.get();
      t.flags[i] = b.getInt();
      t.idHi[i] = b.getLong();
      t.idLo[i] = b.getLong();
      t.drHi[i] = b.getLong();
      t.drLo[i] = b.getLong();
      t.crHi[i] = b.getLong();
      t.crLo[i] = b.getLong();
      t.amount[i] = b.getLong();
      t.ledger[i] = b.getInt();
      t.code[i] = b.getInt();
      t.pendHi[i] = (has & HAS_PENDING) != 0 ? b.getLong() : 0;
      t.pendLo[i] = (has & HAS_PENDING) != 0 ? b.getLong() : 0;
      t.udHi[i] = (has & HAS_USER_DATA_128) != 0 ? b.getLong() : 0;
      t.udLo[i] = (has & HAS_USER_DATA_128) != 0 ? b.getLong() : 0;
      t.ud64[i] = (has & HAS_USER_DATA_64) != 0 ? b.getLong() : 0;
      t.ud32[i] = (has & HAS_USER_DATA_32) != 0 ? b.getInt() : 0;
      t.timeout[i] = (has & HAS_TIMEOUT) != 0 ? b.getInt() : 0;
      t.timestamp[i] = (has & HAS_TIMESTAMP) != 0 ? b.getLong() : 0;
    }
    t.size = count;
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
