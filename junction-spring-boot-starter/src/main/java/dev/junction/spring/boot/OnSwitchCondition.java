package dev.junction.spring.boot;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** {@link ConditionalOnSwitch}: the property bound as a {@code Boolean}, so a bad value fails as a bad binding does. */
final class OnSwitchCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnSwitch.class.getName());
        String name = (String) attributes.get("value");
        boolean ifMissing = (Boolean) attributes.get("ifMissing");
        boolean on;
        try {
            on = Binder.get(context.getEnvironment()).bind(name, Boolean.class).orElse(ifMissing);
        } catch (BindException e) {
            throw new JunctionConfigurationException(name, name + " is '" + context.getEnvironment().getProperty(name)
                    + "', not a switch: use true or false (yes/no and on/off are read the same)", "set it to true or false.");
        }
        return on ? ConditionOutcome.match(name + " is on") : ConditionOutcome.noMatch(name + " is off");
    }
}
