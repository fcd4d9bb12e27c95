/** Typed host events (issues, pull requests, reviews, comments, repositories, membership, revoked credentials) and their listener. */
package dev.samplehost.api.events;
