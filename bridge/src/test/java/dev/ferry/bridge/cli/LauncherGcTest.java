package dev.ferry.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bridge.e2e.PeerScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code src/dist/bin/ferry}) picks the collector for {@code ferry run}: Shenandoah
 * when the JVM has it and the operator set none in FERRY_JAVA_OPTS, with its control thread slowed
 * where the JVM takes that flag. Run against a stand-in {@code java} that prints its arguments and
 * answers the probes for the flags it is told it has.
 */
class LauncherGcTest {

    @TempDir
    Path dist;

    @BeforeEach
    void unpackALauncherWithAStandInJava() throws IOException {
        Files.createDirectories(dist.resolve("bin"));
        Files.createDirectories(dist.resolve("lib"));
        Files.copy(PeerScript.repoRoot().resolve("src/dist/bin/ferry"), dist.resolve("bin/ferry"));
        Path java = Files.createDirectories(dist.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                # A probe: exit 0 when every -XX flag before -version is one this JVM "has".
                if [ "${!#}" = -version ]; then
                  for flag in "${@:1:$#-1}"; do
                    [[ " ${STAND_IN_HAS:-} " == *" ${flag%%=*} "* ]] || exit 1
                  done
                  exit 0
                fi
                echo "$*"
                """, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static final String JDK_17 = "-XX:+UseShenandoahGC -XX:+UnlockExperimentalVMOptions -XX:ShenandoahControlIntervalMin";
    static final String SLOWER_CONTROL = "-XX:+UseShenandoahGC -XX:+UnlockExperimentalVMOptions -XX:ShenandoahControlIntervalMin=10";

    @Test
    void runGetsShenandoahWithAQuieterControlThreadWhenTheJvmHasBoth() throws Exception {
        assertThat(launch("", JDK_17, "run")).startsWith(SLOWER_CONTROL + " -Xmx1g -cp").endsWith("FerryCommand run");
    }

    @Test
    void aJvmWithShenandoahButNotTheControlFlagGetsShenandoahAlone() throws Exception {
        assertThat(launch("", "-XX:+UseShenandoahGC", "run")).startsWith("-XX:+UseShenandoahGC -Xmx1g -cp");
    }

    @Test
    void aCollectorTheOperatorChoseIsKept() throws Exception {
        assertThat(launch("-Xmx1g -XX:+UseZGC", JDK_17, "run")).doesNotContain("Shenandoah").startsWith("-Xmx1g -XX:+UseZGC -cp");
        assertThat(launch("-XX:+UseG1GC", JDK_17, "run")).doesNotContain("Shenandoah");
    }

    @Test
    void aJvmWithoutShenandoahKeepsItsDefault() throws Exception {
        assertThat(launch("", "", "run")).doesNotContain("Shenandoah").startsWith("-Xmx1g -cp");
    }

    @Test
    void shortLivedVerbsSkipTheProbe() throws Exception {
        assertThat(launch("", JDK_17, "mappings", "list")).doesNotContain("Shenandoah");
    }

    /** {@code jvmHas}: the -XX flags (without values) the stand-in JVM accepts in a probe. */
    private String launch(String javaOpts, String jvmHas, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of("bash", dist.resolve("bin/ferry").toString())));
        pb.command().addAll(List.of(args));
        pb.environment().put("JAVA_HOME", dist.resolve("jdk").toString());
        pb.environment().put("FERRY_JAVA_OPTS", javaOpts.isEmpty() ? "-Xmx1g" : javaOpts);
        pb.environment().put("STAND_IN_HAS", jvmHas);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
