package dev.tidings.plugin.store;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@link Database} of notification threads, watches, preferences and the router's checkpoint:
 * the SQLite file by default, PostgreSQL with {@code store=postgresql} (shared by every node). The
 * event log and its journal always use the unqualified {@code Database}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Notifications {}
