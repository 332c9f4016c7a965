/**
 * HTTP plumbing shared by every route: the JSON error format of API.md, strict JSON bodies with a size
 * limit, request ids, access rules declared next to each route, and request metrics.
 */
package dev.gavel.server.http;
