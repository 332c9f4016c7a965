/** The resilience every source call goes through: rate limit and daily budget, retries, circuit breaker. */
package dev.gavel.sources.policy;
