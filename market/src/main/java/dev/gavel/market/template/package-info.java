/**
 * Request templates as data: a JSON file names the method, URL, headers and body of one marketplace call,
 * with {@code ${placeholders}} and {@code {"$json": …}} for values that travel as JSON inside a JSON string
 * (the Blaze envelope), plus JSON Pointers that pick values out of the answer.
 */
package dev.gavel.market.template;
