package dev.ferry.irc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.irc.protocol.IrcMessage;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One PING per round trip, at least 50 ms apart, confirms every line written before it; a lost connection fails the rest. */
class LineConfirmationsTest {

    private final EmbeddedChannel channel = frozen(new EmbeddedChannel());
    private final LineConfirmations confirmations = new LineConfirmations();

    /** The gap between PINGs is measured on the channel's clock, which the tests move by hand. */
    private static EmbeddedChannel frozen(EmbeddedChannel channel) {
        channel.freezeTime();
        return channel;
    }

    private CompletableFuture<Void> write(String text) {
        ChannelFuture f = channel.writeAndFlush(IrcMessage.privmsg("#c", text));
        CompletableFuture<Void> c = confirmations.after(f);
        channel.runPendingTasks();
        return c;
    }

    private IrcMessage nextOutbound() {
        return channel.readOutbound();
    }

    @Test
    void aLineIsConfirmedByThePongToThePingWrittenAfterIt() {
        CompletableFuture<Void> first = write("one");
        assertThat(nextOutbound().params()).containsExactly("#c", "one");
        IrcMessage ping = nextOutbound();
        assertThat(ping.command()).isEqualTo("PING");
        assertThat(first).isNotDone();
        assertThat(confirmations.pong(channel, "someone-else")).isFalse();
        assertThat(first).isNotDone();
        assertThat(confirmations.pong(channel, ping.params().get(0))).isTrue();
        assertThat(first).isCompleted();
    }

    @Test
    void linesWrittenWhileAPingIsOutWaitForTheNextOne() {
        CompletableFuture<Void> first = write("one");
        nextOutbound();
        IrcMessage ping1 = nextOutbound();
        CompletableFuture<Void> second = write("two");
        CompletableFuture<Void> third = write("three");
        assertThat(nextOutbound().params()).containsExactly("#c", "two");
        assertThat(nextOutbound().params()).containsExactly("#c", "three");
        assertThat((Object) nextOutbound()).as("no second PING while one is out").isNull();

        confirmations.pong(channel, ping1.params().get(0));
        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        assertThat((Object) nextOutbound()).as("the next PING waits for the least gap after the first").isNull();
        channel.advanceTimeBy(LineConfirmations.LEAST_GAP_MILLIS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat((Object) nextOutbound()).isNull();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        IrcMessage ping2 = nextOutbound();
        assertThat(ping2.command()).isEqualTo("PING");
        assertThat(ping2.params().get(0)).isNotEqualTo(ping1.params().get(0));
        // A late answer to the first PING confirms nothing more.
        confirmations.pong(channel, ping1.params().get(0));
        assertThat(second).isNotDone();
        confirmations.pong(channel, ping2.params().get(0));
        assertThat(second).isCompleted();
        assertThat(third).isCompleted();
        assertThat(confirmations.unconfirmed()).isZero();
    }

    @Test
    void aLineWrittenLongAfterTheLastPingIsPingedAtOnce() {
        CompletableFuture<Void> first = write("one");
        nextOutbound();
        confirmations.pong(channel, nextOutbound().params().get(0));
        assertThat(first).isCompleted();
        channel.advanceTimeBy(LineConfirmations.LEAST_GAP_MILLIS, TimeUnit.MILLISECONDS);
        CompletableFuture<Void> second = write("two");
        assertThat(nextOutbound().params()).containsExactly("#c", "two");
        IrcMessage ping = nextOutbound();
        assertThat(ping.command()).as("a person's next line, seconds later, is not kept waiting").isEqualTo("PING");
        confirmations.pong(channel, ping.params().get(0));
        assertThat(second).isCompleted();
    }

    @Test
    void aLostConnectionWhileAPingWaitsForTheGapFailsTheLinesAndSendsNoPing() {
        write("one");
        nextOutbound();
        confirmations.pong(channel, nextOutbound().params().get(0));
        CompletableFuture<Void> second = write("two");
        nextOutbound();
        confirmations.lost("connection reset");
        assertThat(second).isCompletedExceptionally();
        channel.advanceTimeBy(LineConfirmations.LEAST_GAP_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat((Object) nextOutbound()).isNull();
    }

    @Test
    void aLostConnectionFailsWhatWasNotConfirmedAndEverythingAfter() {
        CompletableFuture<Void> first = write("one");
        CompletableFuture<Void> second = write("two");
        confirmations.lost("connection reset");
        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(confirmations.unconfirmed()).isZero();
        CompletableFuture<Void> late = write("three");
        assertThat(late).isCompletedExceptionally();
        try {
            late.get();
        } catch (ExecutionException | InterruptedException e) {
            assertThat(e.getCause()).isInstanceOf(LineNotConfirmedException.class).hasMessage("connection reset");
        }
    }

    @Test
    void aLineThatCouldNotBeWrittenFailsAtOnce() {
        channel.close();
        ChannelFuture f = channel.writeAndFlush(IrcMessage.privmsg("#c", "late"));
        CompletableFuture<Void> c = confirmations.after(f);
        channel.runPendingTasks();
        assertThat(c).isCompletedExceptionally();
    }
}
