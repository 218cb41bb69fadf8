package dev.ferry.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jcmd <pid> GC.heap_info} as OpenJDK 17.0.15 (Debian) printed it, after GC.run, per collector. */
class JvmHeapTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            G1         | 2867 | 48907:\\n garbage-first heap   total 262144K, used 2867K [0x00000000f0000000, 0x0000000100000000)\\n  region size 1024K, 0 young (0K), 0 survivors (0K)\\n Metaspace       used 8987K, committed 9152K, reserved 1114112K
            Shenandoah | 2048 | 48973:\\nShenandoah Heap\\n 256M max, 256M soft max, 256M committed, 2048K used\\n 1024 x 256K regions\\n Metaspace       used 8958K, committed 9216K, reserved 1114112K
            Shenandoah, 30 MiB held | 32768 | 50002:\\nShenandoah Heap\\n 1024M max, 1024M soft max, 1024M committed, 32768K used
            ZGC        | 12288 | 49070:\\n ZHeap           used 12M, capacity 256M, max capacity 256M\\n Metaspace       used 8974K, committed 9152K, reserved 1114112K
            Parallel   | 2244 | 49600:\\n PSYoungGen      total 76288K, used 0K [0x00000000fab00000, 0x0000000100000000, 0x0000000100000000)\\n  eden space 65536K, 0% used [0x00000000fab00000,0x00000000fab00000,0x00000000feb00000)\\n ParOldGen       total 175104K, used 2244K [0x00000000f0000000, 0x00000000fab00000, 0x00000000fab00000)\\n  object space 175104K, 1% used [0x00000000f0000000,0x00000000f02313d0,0x00000000fab00000)\\n Metaspace       used 8971K, committed 9152K, reserved 1114112K
            Serial     | 2243 | 49749:\\n def new generation   total 78656K, used 0K [0x00000000f0000000, 0x00000000f5550000, 0x00000000f5550000)\\n tenured generation   total 174784K, used 2243K [0x00000000f5550000, 0x0000000100000000, 0x0000000100000000)\\n   the space 174784K,   1% used [0x00000000f5550000, 0x00000000f5780f28, 0x00000000f5781000, 0x0000000100000000)\\n Metaspace       used 8907K, committed 9088K, reserved 1114112K
            not a heap | -1 | 12345:\\nhttp://... AttachNotSupportedException
            """)
    void readsTheHeapNotMetaspace(String collector, long kib, String output) {
        assertThat(JvmHeap.usedKiB(output.replace("\\n", "\n"))).isEqualTo(kib);
    }
}
