package dev.strata.engine.log;

import dev.strata.core.secret.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderControl;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * Masks secret values ({@link Secrets#redact}) in everything the process logs through Log4j 2, whatever the
 * configuration: each appender a logger writes to is put behind one that rewrites the event's message, and its stack
 * trace, before passing it on. It holds across reconfiguration (Spark loads its own default configuration when the
 * process has none). An event with no secret in it passes unchanged.
 */
public final class LogRedaction {
    private static final String PREFIX = "strata-redacted-";
    private static final Set<LoggerContext> WATCHED = Collections.newSetFromMap(new IdentityHashMap<>());

    private LogRedaction() {}

    /**
     * Puts the current Log4j configuration's appenders behind redaction; idempotent. Does nothing when Log4j's core is
     * not the logging implementation (the CLI's Spark-free commands use log4j-api's simple logger).
     */
    public static synchronized void install() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;
        }
        // A logger sees its LoggerConfig's appenders change at once: no updateLoggers(), which would fire the
        // configuration event below again.
        wrap(context.getConfiguration());
        if (WATCHED.add(context)) {
            context.addPropertyChangeListener(event -> {
                if (LoggerContext.PROPERTY_CONFIG.equals(event.getPropertyName())
                        && event.getNewValue() instanceof Configuration replaced) {
                    synchronized (LogRedaction.class) {
                        wrap(replaced);
                    }
                }
            });
        }
    }

    private static void wrap(Configuration config) {
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
        if (!loggers.contains(config.getRootLogger())) {
            loggers.add(config.getRootLogger());
        }
        for (LoggerConfig logger : loggers) {
            for (Map.Entry<String, Appender> attached : new LinkedHashMap<>(logger.getAppenders()).entrySet()) {
                Appender target = attached.getValue();
                if (target instanceof RedactingAppender) {
                    continue;
                }
                Appender wrapper = config.getAppender(PREFIX + target.getName());
                if (wrapper == null) {
                    wrapper = new RedactingAppender(PREFIX + target.getName(), target);
                    wrapper.start();
                    config.addAppender(wrapper);
                }
                Level level = null;
                Filter filter = null;
                for (AppenderRef ref : logger.getAppenderRefs()) {
                    if (ref.getRef().equals(attached.getKey())) {
                        level = ref.getLevel();
                        filter = ref.getFilter();
                    }
                }
                // Removed first: an event logged in between is lost rather than written unmasked.
                logger.removeAppender(attached.getKey());
                logger.addAppender(wrapper, level, filter);
            }
        }
    }

    /** The event with secret values masked in its message and stack trace, or the event itself if it has none. */
    static LogEvent redact(LogEvent event) {
        if (!Secrets.any()) {
            return event;
        }
        String message = event.getMessage() == null ? "" : event.getMessage().getFormattedMessage();
        String trace = event.getThrown() == null ? null : stackTrace(event.getThrown());
        String maskedMessage = Secrets.redact(message);
        String maskedTrace = Secrets.redact(trace);
        if (Objects.equals(message, maskedMessage) && Objects.equals(trace, maskedTrace)) {
            return event;
        }
        // The trace becomes text: a Throwable cannot be copied with other messages and keep its class name.
        String text = maskedTrace == null
                ? maskedMessage
                : maskedMessage + System.lineSeparator() + maskedTrace.stripTrailing();
        return new Log4jLogEvent.Builder(event)
                .setMessage(new SimpleMessage(text))
                .setThrown(null)
                .setThrownProxy(null)
                .build();
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** Passes each event, masked, to the appender it stands in for, as the logger would have. */
    private static final class RedactingAppender extends AbstractAppender {
        private final AppenderControl target;

        RedactingAppender(String name, Appender target) {
            super(name, null, null, true, Property.EMPTY_ARRAY);
            this.target = new AppenderControl(target, null, null);
        }

        @Override
        public void append(LogEvent event) {
            target.callAppender(redact(event));
        }
    }
}
