package dev.ferry.bridge.e2e.fault;

/** Asserts several ledgers of one fault run, printing every count before the first failure is thrown. */
final class FaultLedgers {

    private FaultLedgers() {
    }

    /**
     * Waits up to {@code atMost} for every number sent to be delivered or errored (late ones are
     * still on their way), then returns; the assertions say what is missing.
     */
    static void settle(java.time.Duration atMost, MessageTally... tallies) throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < end) {
            boolean settled = true;
            for (MessageTally t : tallies) {
                settled &= t.settledCount() >= t.sentCount();
            }
            if (settled) {
                return;
            }
            Thread.sleep(100);
        }
    }

    static void assertAll(MessageTally... tallies) {
        AssertionError first = null;
        for (MessageTally t : tallies) {
            try {
                t.assertNothingLostOrDuplicated();
            } catch (AssertionError e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
