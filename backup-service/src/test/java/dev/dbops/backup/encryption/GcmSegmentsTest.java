package dev.dbops.backup.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sealed file format: what goes in comes out with the key, and nothing else opens. */
class GcmSegmentsTest {

    static final int SEGMENT = 1024;
    static final SecretKey KEY = key(1);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 37 * SEGMENT + 5})
    void aRoundTripGivesBackEveryByte(int length) throws IOException {
        byte[] plain = random(length);
        byte[] sealed = seal(plain, KEY);

        int segments = Math.max(1, (length + SEGMENT - 1) / SEGMENT);
        assertThat(sealed).hasSize(GcmSegments.HEADER_BYTES + length + segments * GcmSegments.TAG_BYTES);
        assertThat(open(sealed, KEY)).isEqualTo(plain);
    }

    @Test
    void writtenByteByByteItReadsTheSame() throws IOException {
        byte[] plain = random(3 * SEGMENT + 7);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = GcmSegments.encrypting(sink, KEY, SEGMENT)) {
            for (byte b : plain) {
                out.write(b);
            }
        }
        try (InputStream in = GcmSegments.decrypting(new ByteArrayInputStream(sink.toByteArray()), KEY)) {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                read.write(b);
            }
            assertThat(read.toByteArray()).isEqualTo(plain);
        }
    }

    @Test
    void theSamePlaintextSealsDifferentlyEachTime() throws IOException {
        byte[] plain = random(100);
        assertThat(seal(plain, KEY)).isNotEqualTo(seal(plain, KEY));
    }

    @Test
    void anotherKeyDoesNotOpenIt() throws IOException {
        byte[] sealed = seal(random(3 * SEGMENT), KEY);
        assertThatThrownBy(() -> open(sealed, key(2)))
                .isInstanceOf(UndecryptableException.class).hasMessageContaining("segment 0 fails authentication");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void cutAfterAWholeSegmentItFails(int segmentsKept) throws IOException {
        byte[] sealed = seal(random(4 * SEGMENT), KEY);
        byte[] cut = Arrays.copyOf(sealed, GcmSegments.HEADER_BYTES + segmentsKept * (SEGMENT + GcmSegments.TAG_BYTES));
        assertThatThrownBy(() -> open(cut, KEY)).isInstanceOf(UndecryptableException.class)
                .hasMessageContaining("segment " + (segmentsKept - 1) + " fails authentication");
    }

    @Test
    void cutInsideASegmentOrBeforeItsTagItFails() throws IOException {
        byte[] sealed = seal(random(2 * SEGMENT + 100), KEY);
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, sealed.length - 1), KEY))
                .isInstanceOf(UndecryptableException.class);
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, GcmSegments.HEADER_BYTES + 5), KEY))
                .isInstanceOf(UndecryptableException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, 10), KEY))
                .isInstanceOf(UndecryptableException.class).hasMessageContaining("no DBE1 header");
    }

    @Test
    void anEmptyFileCutToItsHeaderFails() throws IOException {
        byte[] sealed = seal(new byte[0], KEY);
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, GcmSegments.HEADER_BYTES), KEY))
                .isInstanceOf(UndecryptableException.class);
    }

    @Test
    void swappedSegmentsFail() throws IOException {
        byte[] sealed = seal(random(3 * SEGMENT), KEY);
        int size = SEGMENT + GcmSegments.TAG_BYTES;
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, GcmSegments.HEADER_BYTES, swapped, GcmSegments.HEADER_BYTES + size, size);
        System.arraycopy(sealed, GcmSegments.HEADER_BYTES + size, swapped, GcmSegments.HEADER_BYTES, size);
        assertThatThrownBy(() -> open(swapped, KEY))
                .isInstanceOf(UndecryptableException.class).hasMessageContaining("segment 0 fails authentication");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8, GcmSegments.HEADER_BYTES, GcmSegments.HEADER_BYTES + SEGMENT + 3, -1})
    void aFlippedBitAnywhereFails(int position) throws IOException {
        byte[] sealed = seal(random(2 * SEGMENT + 9), KEY);
        int at = position < 0 ? sealed.length - 1 : position;
        sealed[at] ^= 0x10;
        assertThatThrownBy(() -> open(sealed, KEY)).isInstanceOf(UndecryptableException.class);
    }

    static byte[] seal(byte[] plain, SecretKey key) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = GcmSegments.encrypting(sink, key, SEGMENT)) {
            out.write(plain);
        }
        return sink.toByteArray();
    }

    static byte[] open(byte[] sealed, SecretKey key) throws IOException {
        try (InputStream in = GcmSegments.decrypting(new ByteArrayInputStream(sealed), key)) {
            return in.readAllBytes();
        }
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    static SecretKey key(int seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }
}
