package dev.gavel.bench;

import dev.gavel.sim.m26.M26Simulator;
import java.time.Clock;

/** The M26 simulator in a process of its own, so a benchmark's CPU figures are Gavel's alone. Prints its URL. */
public final class M26SimMain {
    public static void main(String[] args) throws Exception {
        try (var sim = M26Simulator.start(0, Clock.systemUTC(), args.length > 0 ? Long.parseLong(args[0]) : 26)) {
            System.out.println(sim.baseUrl());
            System.out.flush();
            // until the parent closes our stdin
            while (System.in.read() >= 0) {
                // nothing to do
            }
        }
    }
}
