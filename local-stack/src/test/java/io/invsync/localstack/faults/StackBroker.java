package io.invsync.localstack.faults;

/**
 * The broker a {@link FaultStack} runs on: the fault suite's in-JVM {@link FaultBroker} (which can be stopped and
 * started again mid-run) or Kafka's own image in a container ({@link ContainerBroker}).
 */
interface StackBroker extends AutoCloseable {

    /** Starts the broker; its address is known from then on. */
    void start();

    /** @return the bootstrap servers of the started broker */
    String bootstrapServers();

    /** Stops it with its data kept, to be started again at the same address. */
    void stop();

    @Override
    void close();
}
