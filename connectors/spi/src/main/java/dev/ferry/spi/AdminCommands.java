package dev.ferry.spi;

import java.util.List;
import java.util.Map;

/**
 * A connector's commands for the gateway's administrators (the config's {@code admins}), shown
 * as XEP-0050 ad-hoc commands on the gateway domain: one form each, run when submitted.
 */
public interface AdminCommands {

    /** One command: its node (stable id), the name a client shows, and its form. */
    record Command(String node, String name, String instructions, List<FormField> fields) {
        public Command {
            fields = List.copyOf(fields);
        }
    }

    List<Command> adminCommands();

    /**
     * Runs {@code node} with the submitted values. A delivered outcome's detail is the result the
     * admin is shown; a failed one names the field and the problem.
     */
    Delivery runAdminCommand(String node, Map<String, String> values);
}
