package dev.dbops.backup.encryption;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * One file as AES-256-GCM segments, streamed (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár):
 * a header, then the plaintext in segments of {@code segmentBytes}, each sealed on its own with the nonce
 * {@code prefix(7) || counter(4, big-endian) || last(1)} and the header as associated data.
 *
 * <pre>
 * header   "DBE1" | segmentBytes (int, big-endian) | random nonce prefix (7 bytes)
 * segment  ciphertext of segmentBytes plaintext bytes | GCM tag (16 bytes)      (all but the last)
 * last     ciphertext of 0..segmentBytes bytes        | GCM tag (16 bytes)      (last flag 1)
 * </pre>
 *
 * A reordered segment fails its tag (the counter is in its nonce), a file cut after any segment fails because that
 * segment was not sealed as the last, a cut inside one or a flipped bit fails that segment's tag, and a changed
 * header fails every tag. Memory is two segments per stream, whatever the file's size; the random prefix makes each
 * file's nonces its own, so one key seals 2^56 files before a collision becomes likely.
 */
public final class GcmSegments {

    public static final int DEFAULT_SEGMENT_BYTES = 64 * 1024;
    static final int HEADER_BYTES = 15;
    static final int TAG_BYTES = 16;
    private static final byte[] MAGIC = {'D', 'B', 'E', '1'};
    private static final int PREFIX_BYTES = 7;
    private static final int MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private GcmSegments() {
    }

    /** Seals what is written into {@code out}; {@code close()} writes the last segment and closes {@code out}. */
    public static OutputStream encrypting(OutputStream out, SecretKey key, int segmentBytes) throws IOException {
        if (segmentBytes < 1 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment size " + segmentBytes + " out of 1.." + MAX_SEGMENT_BYTES);
        }
        byte[] prefix = new byte[PREFIX_BYTES];
        RANDOM.nextBytes(prefix);
        byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(segmentBytes).put(prefix).array();
        out.write(header);
        return new Sealing(out, new Segments(key, header, prefix, Cipher.ENCRYPT_MODE), segmentBytes);
    }

    /**
     * The plaintext of a sealed stream; a read fails with {@link UndecryptableException} at the first segment that
     * does not open with {@code key} (wrong key, changed, truncated or reordered).
     */
    public static InputStream decrypting(InputStream in, SecretKey key) throws IOException {
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length < HEADER_BYTES || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new UndecryptableException("not an encrypted dbops file (no DBE1 header)");
        }
        int segmentBytes = ByteBuffer.wrap(header, MAGIC.length, 4).getInt();
        if (segmentBytes < 1 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new UndecryptableException("header names a segment size of " + segmentBytes + " bytes");
        }
        byte[] prefix = Arrays.copyOfRange(header, MAGIC.length + 4, HEADER_BYTES);
        return new Opening(in, new Segments(key, header, prefix, Cipher.DECRYPT_MODE), segmentBytes);
    }

    /** The cipher, re-initialised for each segment with that segment's nonce. */
    private static final class Segments {

        private final SecretKey key;
        private final byte[] header;
        private final byte[] nonce = new byte[12];
        private final int mode;
        private final Cipher cipher;
        private long counter;

        Segments(SecretKey key, byte[] header, byte[] prefix, int mode) throws IOException {
            this.key = key;
            this.header = header;
            this.mode = mode;
            System.arraycopy(prefix, 0, nonce, 0, PREFIX_BYTES);
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IOException("AES/GCM is not available in this JVM", e);
            }
        }

        /** Seals or opens the next segment from {@code in[0..length)} into {@code out}; returns the bytes written. */
        int next(byte[] in, int length, boolean last, byte[] out) throws IOException {
            if (counter > 0xFFFF_FFFFL) {
                throw new IOException("file too large for one nonce prefix (2^32 segments)");
            }
            ByteBuffer.wrap(nonce, PREFIX_BYTES, 5).putInt((int) counter).put((byte) (last ? 1 : 0));
            try {
                cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
                cipher.updateAAD(header);
                return cipher.doFinal(in, 0, length, out, 0);
            } catch (AEADBadTagException e) {
                throw new UndecryptableException("segment " + counter + " fails authentication: a wrong key, or the "
                        + "file was changed, truncated or reordered");
            } catch (GeneralSecurityException e) {
                throw new IOException("AES-GCM failed on segment " + counter + ": " + e.getMessage(), e);
            } finally {
                counter++;
            }
        }
    }

    private static final class Sealing extends OutputStream {

        private final OutputStream out;
        private final Segments segments;
        private final byte[] plain;
        private final byte[] sealed;
        private int filled;
        private boolean closed;

        Sealing(OutputStream out, Segments segments, int segmentBytes) {
            this.out = out;
            this.segments = segments;
            this.plain = new byte[segmentBytes];
            this.sealed = new byte[segmentBytes + TAG_BYTES];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                // a full segment is sealed only when more follows: the last one must carry the last flag
                if (filled == plain.length) {
                    out.write(sealed, 0, segments.next(plain, filled, false, sealed));
                    filled = 0;
                }
                int n = Math.min(len, plain.length - filled);
                System.arraycopy(b, off, plain, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (out) {
                out.write(sealed, 0, segments.next(plain, filled, true, sealed));
            }
        }
    }

    private static final class Opening extends InputStream {

        private final InputStream in;
        private final Segments segments;
        /** One sealed segment and one byte more, which tells whether it is the last. */
        private final byte[] sealed;
        private final byte[] plain;
        private int carried;
        private int position;
        private int available;
        private boolean last;

        Opening(InputStream in, Segments segments, int segmentBytes) {
            this.in = in;
            this.segments = segments;
            this.sealed = new byte[segmentBytes + TAG_BYTES + 1];
            this.plain = new byte[segmentBytes];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == available) {
                if (last) {
                    return -1;
                }
                openNext();
            }
            int n = Math.min(len, available - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void openNext() throws IOException {
            int n = carried + in.readNBytes(sealed, carried, sealed.length - carried);
            last = n < sealed.length;
            int segment = last ? n : n - 1;
            if (segment < TAG_BYTES) {
                throw new UndecryptableException("segment " + segments.counter + " is cut short (" + segment
                        + " bytes): the file was truncated");
            }
            available = segments.next(sealed, segment, last, plain);
            position = 0;
            if (!last) {
                sealed[0] = sealed[n - 1];
                carried = 1;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
