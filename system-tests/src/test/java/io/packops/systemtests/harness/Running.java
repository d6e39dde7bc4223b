package io.packops.systemtests.harness;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A stack a test class runs, as a JUnit extension: created and started before the class's tests, closed after them
 * — also when the start failed half-way, since what was created is closed whatever happened.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Running<PagingStack> STACK = Running.of(() -> new PagingStack("MyIT", 1, Map.of(), List.of()), PagingStack::start);
 * }</pre>
 */
public final class Running<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<T> create;
    private final Consumer<T> start;
    private T value;

    private Running(Supplier<T> create, Consumer<T> start) {
        this.create = create;
        this.start = start;
    }

    public static <T extends AutoCloseable> Running<T> of(Supplier<T> create, Consumer<T> start) {
        return new Running<>(create, start);
    }

    public T get() {
        if (value == null) {
            throw new IllegalStateException("the stack is not running");
        }
        return value;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        value = create.get();
        start.accept(value);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        T running = value;
        value = null;
        if (running != null) {
            running.close();
        }
    }
}
