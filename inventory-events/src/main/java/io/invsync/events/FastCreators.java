package io.invsync.events;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.module.SimpleModule;

/**
 * Creates invsync's records through their canonical constructor with a method handle prepared once. Jackson
 * 3.1 calls a creator that takes several arguments with {@code MethodHandle.invokeWithArguments}, which builds a
 * spreading invoker on every call: 9% of cart-push-service's CPU samples in a JFR profile of the 100,000-row
 * benchmark (every level, pending push and result read from a topic or a store is a record). The
 * handle here spreads the same argument array and calls the same constructor, so a value reads exactly as before;
 * a constructor that refuses its arguments (a record's validation) is handed to Jackson's own path, which reports
 * the fault as it always has (the field named, see {@link EventJson}).
 */
final class FastCreators {

    private FastCreators() {
    }

    static JacksonModule module() {
        return new SimpleModule("invsync-fast-creators") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addValueInstantiators(new Instantiators());
            }
        };
    }

    private static final class Instantiators implements ValueInstantiators {

        @Override
        public ValueInstantiator findValueInstantiator(DeserializationConfig config,
                BeanDescription.Supplier description) {
            return null;
        }

        @Override
        public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
                BeanDescription.Supplier description, ValueInstantiator standard) {
            if (standard.getClass() != StdValueInstantiator.class || !standard.canCreateFromObjectWith()
                    || !(standard.getWithArgsCreator() instanceof AnnotatedConstructor creator)
                    || !creator.getDeclaringClass().isRecord()
                    || !creator.getDeclaringClass().getName().startsWith("io.invsync.")) {
                return standard;
            }
            Constructor<?> constructor = creator.getAnnotated();
            try {
                constructor.setAccessible(true); // a record nested privately in a service class
                MethodHandle handle = MethodHandles.lookup().unreflectConstructor(constructor)
                        .asSpreader(Object[].class, constructor.getParameterCount())
                        .asType(MethodType.methodType(Object.class, Object[].class));
                return new Spreading((StdValueInstantiator) standard, handle);
            } catch (IllegalAccessException | RuntimeException e) {
                return standard; // Jackson's own path works wherever it did
            }
        }
    }

    /** Jackson's instantiator, creating from the collected arguments with the prepared handle. */
    private static final class Spreading extends StdValueInstantiator {

        private final MethodHandle creator;

        Spreading(StdValueInstantiator standard, MethodHandle creator) {
            super(standard);
            this.creator = creator;
        }

        @Override
        public Object createFromObjectWith(DeserializationContext context, Object[] arguments)
                throws JacksonException {
            try {
                return (Object) creator.invokeExact(arguments);
            } catch (Error e) {
                throw e;
            } catch (Throwable refused) {
                // the constructor refused the values: Jackson's path calls it again and reports the fault its way
                return super.createFromObjectWith(context, arguments);
            }
        }
    }
}
