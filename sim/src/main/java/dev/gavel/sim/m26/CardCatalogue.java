package dev.gavel.sim.m26;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The cards the simulated auction house trades: invented players on the 32 NFL teams, each in one or more
 * programs, with an overall rating and a market value in coins. Fixed data, the same for every seed;
 * immutable.
 */
final class CardCatalogue {
    /** The team abbreviations; a card's {@code teamId} is the position here plus one. */
    static final List<String> TEAMS = List.of(
            "ARI", "ATL", "BAL", "BUF", "CAR", "CHI", "CIN", "CLE", "DAL", "DEN", "DET", "GB", "HOU", "IND", "JAX",
            "KC", "LV", "LAC", "LAR", "MIA", "MIN", "NE", "NO", "NYG", "NYJ", "PHI", "PIT", "SF", "SEA", "TB", "TEN",
            "WAS");

    record Program(int programId, String programName) {}

    static final Program CORE_ELITE = new Program(1, "Core Elite");
    static final Program TEAM_DIAMONDS = new Program(2, "Team Diamonds");
    static final Program ZERO_CHILL = new Program(3, "Zero Chill");
    static final Program MOST_FEARED = new Program(4, "Most Feared");
    static final Program LEGENDS = new Program(5, "Legends");

    /** A card as the market lists it; {@code value} is what it usually sells for. */
    record Card(long cardId, String firstName, String secondName, String team, Program program, int ovr, int value) {
        int teamId() {
            return TEAMS.indexOf(team) + 1;
        }

        String fullName() {
            return firstName + " " + secondName;
        }
    }

    /** first name, second name, team, base overall. */
    private static final String[] PLAYERS = {
        "Marcus Delano ARI 84",
        "Tyrell Haskins ARI 78",
        "Jalen Whitfield ATL 86",
        "Darnell Oakes ATL 75",
        "Devontae Marsh BAL 88",
        "Caleb Brandt BAL 80",
        "Trent Kowalski BUF 87",
        "Isaiah Pruitt BUF 76",
        "Malik Ferrante CAR 79",
        "Bryce Youngblood CAR 74",
        "Corbin Ashby CHI 83",
        "Dashawn Ruiz CHI 77",
        "Elijah Stroud CIN 86",
        "Rashad Vickery CIN 81",
        "Garrett Lindqvist CLE 82",
        "Quincy Barlow CLE 74",
        "Deion Castellanos DAL 87",
        "Micah Thornbury DAL 83",
        "Bryce Calloway DEN 80",
        "Terrence Adeyemi DEN 76",
        "Amon Ridgeway DET 88",
        "Nolan Brzezinski DET 79",
        "Jordan Lacefield GB 85",
        "Keenan Holloway GB 77",
        "Cedric Okafor HOU 86",
        "Lamar Pettibone HOU 72",
        "Xavier Quarles IND 81",
        "Quenton Nash IND 83",
        "Trevon Ellery JAX 78",
        "Brock Halvorsen JAX 73",
        "Cole Dunmore KC 89",
        "Travon Kellerman KC 85",
        "Dante Crandall LV 84",
        "Owen Sutcliffe LV 74",
        "Justus Herbold LAC 85",
        "Kendrick Alvarado LAC 79",
        "Cooper Nakamura LAR 86",
        "Aaron Delacroix LAR 82",
        "Deshon Pierce MIA 85",
        "Bradley Chubbuck MIA 77",
        "Tavian Lockridge MIN 87",
        "Harrison Boyd MIN 75",
        "Drake Mayhew NE 80",
        "Christian Gonzaga NE 77",
        "Alvin Kamerer NO 81",
        "Rondell Guidry NO 76",
        "Darius Abernathy NYG 82",
        "Garrett Sorensen NYJ 84",
        "Ahmad Treadwell NYJ 80",
        "Jalen Hargrove PHI 87",
        "Desmond Barkett PHI 85",
        "Thaddeus Watkins PIT 86",
        "Cam Heywood PIT 78",
        "Christian McAllister SF 88",
        "Brock Purcell SF 82",
        "Kenneth Marlowe SEA 80",
        "Devon Westbrook SEA 79",
        "Mike Evanston TB 83",
        "Tristan Wirfield TB 78",
        "Jeffery Sandoval TEN 81",
        "Levi Pembrook TEN 76",
        "Jayden Danforth WAS 84",
        "Terrell McLaren WAS 79",
    };

    private static final String[] LEGEND_PLAYERS = {
        "Barry Sandholm DET 97",
        "Walt Paxson CHI 96",
        "Jerome Riceland SF 98",
        "Dion Sandiford ATL 95",
        "Reggie Whitlock PHI 94",
        "Lawrence Tabor NYG 96",
    };

    static final List<Card> CARDS = build();

    private CardCatalogue() {}

    private static List<Card> build() {
        var jitter = new Random(2026);
        var cards = new ArrayList<Card>();
        for (int i = 0; i < PLAYERS.length; i++) {
            String[] p = PLAYERS[i].split(" ");
            int base = Integer.parseInt(p[3]);
            long cardId = 10_000L + i * 10L;
            cards.add(card(cardId + CORE_ELITE.programId(), p, CORE_ELITE, base, jitter));
            if (i % 3 == 0) {
                cards.add(card(cardId + TEAM_DIAMONDS.programId(), p, TEAM_DIAMONDS, Math.min(96, base + 7), jitter));
            }
            if (i % 4 == 1) {
                cards.add(card(cardId + ZERO_CHILL.programId(), p, ZERO_CHILL, Math.min(97, base + 10), jitter));
            }
            if (i % 5 == 2) {
                cards.add(card(cardId + MOST_FEARED.programId(), p, MOST_FEARED, Math.min(95, base + 5), jitter));
            }
        }
        for (int i = 0; i < LEGEND_PLAYERS.length; i++) {
            String[] p = LEGEND_PLAYERS[i].split(" ");
            cards.add(card(90_000L + i * 10L + LEGENDS.programId(), p, LEGENDS, Integer.parseInt(p[3]), jitter));
        }
        return List.copyOf(cards);
    }

    private static Card card(long cardId, String[] p, Program program, int ovr, Random jitter) {
        if (!TEAMS.contains(p[2]) || ovr < 70 || ovr > 99) {
            throw new IllegalStateException("bad catalogue entry " + String.join(" ", p));
        }
        // value grows about 28% an overall point: a 70 is a few hundred coins, a 99 several hundred thousand
        double value = 400 * Math.pow(1.28, ovr - 70) * (0.8 + 0.4 * jitter.nextDouble());
        return new Card(cardId, p[0], p[1], p[2], program, ovr, Coins.round((int) value));
    }
}
