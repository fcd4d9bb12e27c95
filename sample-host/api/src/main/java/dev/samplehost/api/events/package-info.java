/** Typed host events (issues, pull requests, reviews, comments, repositories, membership) and their listener. */
package dev.samplehost.api.events;
