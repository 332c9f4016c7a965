/** The X channel at run time: polling live auctions' hashtags for bid posts and feeding the intake stream. */
package dev.gavel.server.x;
