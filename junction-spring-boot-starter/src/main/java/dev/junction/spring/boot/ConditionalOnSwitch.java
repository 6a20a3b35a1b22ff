package dev.junction.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * On when a boolean property is on, read as the properties classes read it (Spring's conversion: {@code true},
 * {@code yes}, {@code on}, {@code 1} and their opposites, any case). {@code @ConditionalOnProperty} compares text
 * instead: {@code enabled: yes} left the outbox off while its properties said it was on, and {@code enabled: off}
 * left the filter on. A value that is no boolean stops the start, naming the property.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnSwitchCondition.class)
@interface ConditionalOnSwitch {

    /** The property's full name, e.g. {@code junction.client.outbox.enabled}. */
    String value();

    /** Whether it is on when the property is not set. */
    boolean ifMissing();
}
