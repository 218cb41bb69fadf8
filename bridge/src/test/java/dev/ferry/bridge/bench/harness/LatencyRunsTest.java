package dev.ferry.bridge.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Rows are grouped across runs by direction and rate; closed-loop and one-gateway rows are left out. */
class LatencyRunsTest {

    private static JsonNode run(String rows) throws Exception {
        return new ObjectMapper().readTree("{\"relay\":[" + rows + "]}");
    }

    private static String row(String name, long ferryP99us, long biboumiP99us) {
        return "{\"row\":\"" + name + "\",\"ferry\":{\"p99us\":" + ferryP99us + "},\"biboumi\":{\"p99us\":" + biboumiP99us + "}}";
    }

    @Test
    void theMeanRatioWeighsEachRunByItsTailNotByItsRatio() throws Exception {
        List<JsonNode> runs = List.of(
                run(row("xmpp->irc 100/s", 56_000, 21_000) + "," + row("xmpp->irc closed(w=100)", 1, 1)),
                run(row("xmpp->irc 100/s", 12_000, 15_000) + ",{\"row\":\"irc->xmpp 100/s\",\"ferry\":{\"p99us\":5000}}"));
        Map<String, TreeMap<Integer, List<LatencyRuns.Sample>>> s = LatencyRuns.samples(runs);
        assertThat(s).containsOnlyKeys("xmpp->irc");
        List<LatencyRuns.Sample> row = s.get("xmpp->irc").get(100);
        assertThat(row).extracting(LatencyRuns.Sample::ratio).containsExactly(56.0 / 21, 12.0 / 15);
        assertThat(LatencyRuns.meanRatio(row)).isEqualTo(34.0 / 18);
        assertThat(LatencyRuns.medianRatio(row)).isCloseTo((56.0 / 21 + 12.0 / 15) / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LatencyRuns.table(s, 2)).contains("xmpp->irc 100/s", "2.67 0.80", "1.89x", "1.73x", "1/2");
    }
}
