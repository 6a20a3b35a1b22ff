package dev.junction.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's own series (jvm_memory_*, jvm_gc_*, jvm_threads_*, jvm_classes_*,
 * process_cpu_usage, process_uptime_seconds, process_files_*), beside the pipeline's: most gateway
 * trouble that is not the store or a destination is memory, GC or file descriptors.
 */
final class RuntimeMetrics implements AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    private RuntimeMetrics() {}

    static RuntimeMetrics bindTo(MeterRegistry registry) {
        RuntimeMetrics metrics = new RuntimeMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        metrics.gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return metrics;
    }

    /** GC metrics listen to the JVM's notifications: a closed gateway must stop them, or its registry lives on. */
    @Override
    public void close() {
        gc.close();
    }
}
