package dev.gavel.sources.m26;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.Secret;
import dev.gavel.market.auth.Credential;
import dev.gavel.market.auth.CredentialKind;
import dev.gavel.market.template.Har;
import dev.gavel.market.template.RequestTemplate;
import dev.gavel.market.template.TemplateException;
import dev.gavel.market.template.TemplateProblem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds the M26 auth pool and search template from captured traffic. From each capture it takes the
 * OAuth refresh ({@code grant_type=refresh_token}: the account's refresh token), the Blaze login (the
 * session ticket and the account's display name), and a {@code Mobile_SearchAuctions} call (the headers,
 * component and command ids, device id and auth data of this game year, which become the new search
 * template). Pure: it reads text and returns what to write; nothing is written when any capture is wrong.
 */
public final class M26HarImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a set of captures yields. {@code templates} maps file name to JSON text. */
    public record Result(List<Credential> credentials, Map<String, String> templates, List<String> notes) {
        public Result {
            credentials = List.copyOf(credentials);
            templates = Map.copyOf(templates);
            notes = List.copyOf(notes);
        }
    }

    /** A capture to read: its name (for messages) and its text. */
    public record Capture(String file, String text) {}

    private M26HarImport() {}

    public static Result read(List<Capture> captures) {
        var problems = new ArrayList<TemplateProblem>();
        var exchanges = new ArrayList<Har.Exchange>();
        for (Capture c : captures) {
            try {
                exchanges.addAll(Har.parse(c.file(), c.text()));
            } catch (TemplateException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        // access token → refresh token, session key → account, in capture order
        var refreshByAccessToken = new LinkedHashMap<String, String>();
        var credentials = new ArrayList<Credential>();
        var notes = new ArrayList<String>();
        Optional<Har.Exchange> search = Optional.empty();
        for (Har.Exchange x : exchanges) {
            String path = x.urlPath();
            if (path.endsWith("/connect/token") && x.requestBody().contains("grant_type=refresh_token")) {
                Map<String, String> form = form(x.requestBody());
                String refresh = form.getOrDefault("refresh_token", "");
                if (refresh.isBlank()) {
                    problems.add(
                            new TemplateProblem(x.file(), x.path() + "/request/postData/text", "has no refresh_token"));
                    continue;
                }
                if (x.status() != 200) {
                    notes.add(x.file() + x.path() + ": token refresh answered " + x.status()
                            + "; its refresh token is skipped");
                    continue;
                }
                Har.json(x.responseBody(), x.file(), x.path() + "/response/content/text", problems)
                        .map(n -> n.path("access_token").asText(""))
                        .filter(t -> !t.isEmpty())
                        .ifPresentOrElse(
                                at -> refreshByAccessToken.put(at, refresh),
                                () -> problems.add(new TemplateProblem(
                                        x.file(), x.path() + "/response/content/text", "has no access_token")));
            } else if (path.endsWith("/wal/authentication/login")) {
                var req = Har.json(x.requestBody(), x.file(), x.path() + "/request/postData/text", problems);
                var res = Har.json(x.responseBody(), x.file(), x.path() + "/response/content/text", problems);
                if (req.isEmpty() || res.isEmpty()) {
                    continue;
                }
                String session = res.get().at("/userLoginInfo/sessionKey").asText("");
                if (session.isEmpty()) {
                    notes.add(x.file() + x.path() + ": a Blaze login without a session key ("
                            + res.get().at("/error/errorname").asText("no error name") + ") is skipped");
                    continue;
                }
                String account = res.get()
                        .at("/userLoginInfo/personaDetails/displayName")
                        .asText("");
                if (account.isEmpty()) {
                    account = res.get()
                            .at("/userLoginInfo/personaDetails/personaId")
                            .asText("");
                }
                if (account.isEmpty()) {
                    problems.add(new TemplateProblem(
                            x.file(),
                            x.path() + "/response/content/text",
                            "names no account (personaDetails.displayName)"));
                    continue;
                }
                credentials.add(Credential.fresh(
                        M26Settings.SOURCE,
                        account,
                        CredentialKind.SESSION_TICKET,
                        Secret.of(session),
                        Optional.empty()));
                String refresh =
                        refreshByAccessToken.get(req.get().path("accessToken").asText(""));
                if (refresh != null) {
                    credentials.add(Credential.fresh(
                            M26Settings.SOURCE,
                            account,
                            CredentialKind.REFRESH_TOKEN,
                            Secret.of(refresh),
                            Optional.empty()));
                }
            } else if (path.contains("/wal/mca/Process/")) {
                var body = Har.json(x.requestBody(), x.file(), x.path() + "/request/postData/text", problems);
                if (body.isEmpty()) {
                    continue;
                }
                JsonNode info = nested(body.get(), "requestInfo", x, "/request/postData/text", problems);
                if (info != null
                        && "Mobile_SearchAuctions"
                                .equals(info.path("commandName").asText())) {
                    search = Optional.of(x);
                }
            }
        }
        if (credentials.isEmpty() && problems.isEmpty()) {
            problems.add(new TemplateProblem(
                    captures.isEmpty() ? "(no files)" : captures.get(0).file(),
                    "/log/entries",
                    "holds no Blaze login with a session key: capture the app logging in"));
        }
        var templates = new LinkedHashMap<String, String>();
        if (search.isPresent()) {
            searchTemplate(search.get(), problems).ifPresent(t -> templates.put("search.json", t));
        } else {
            notes.add("no Mobile_SearchAuctions call was captured; the search template stays as it is");
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        return new Result(dedupe(credentials), templates, notes);
    }

    private static List<Credential> dedupe(List<Credential> credentials) {
        var seen = new LinkedHashMap<String, Credential>();
        for (Credential c : credentials) {
            seen.putIfAbsent(
                    c.account() + "\u0000" + c.kind() + "\u0000" + c.secret().reveal(), c);
        }
        return List.copyOf(seen.values());
    }

    private static JsonNode nested(
            JsonNode parent, String field, Har.Exchange x, String path, List<TemplateProblem> problems) {
        JsonNode v = parent.path(field);
        if (!v.isTextual()) {
            problems.add(new TemplateProblem(x.file(), x.path() + path, field + " must be a string holding JSON"));
            return null;
        }
        return Har.json(v.asText(), x.file(), x.path() + path + " (" + field + ")", problems)
                .orElse(null);
    }

    /** The captured search call with its per-call values turned back into placeholders. */
    private static Optional<String> searchTemplate(Har.Exchange x, List<TemplateProblem> problems) {
        JsonNode body = Har.json(x.requestBody(), x.file(), x.path() + "/request/postData/text", problems)
                .orElse(null);
        if (body == null) {
            return Optional.empty();
        }
        JsonNode info = nested(body, "requestInfo", x, "/request/postData/text", problems);
        if (info == null) {
            return Optional.empty();
        }
        JsonNode payload = nested(info, "requestPayload", x, "/request/postData/text (requestInfo)", problems);
        if (payload == null) {
            return Optional.empty();
        }
        for (String needed : List.of("componentId", "commandId", "commandName")) {
            if (info.path(needed).isMissingNode()) {
                problems.add(new TemplateProblem(
                        x.file(), x.path() + "/request/postData/text", "requestInfo has no " + needed));
            }
        }
        ObjectNode template = JsonNodeFactory.instance.objectNode();
        template.put("name", "m26.search");
        template.put("description", "imported from " + x.file() + " (" + x.startedAt() + ")");
        template.put("method", "POST");
        template.put("url", "${baseUrl}/wal/mca/Process/${ticket}");
        ObjectNode headers = template.putObject("headers");
        String console = "ps5";
        for (var h : x.requestHeaders().entrySet()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("X-BLAZE-ID")) {
                String v = h.getValue();
                console = v.substring(v.lastIndexOf('-') + 1);
                headers.put("X-BLAZE-ID", v.substring(0, v.lastIndexOf('-') + 1) + "${console}");
            } else if (name.toUpperCase(java.util.Locale.ROOT).startsWith("X-")
                    || name.equalsIgnoreCase("Content-Type")
                    || name.equalsIgnoreCase("Accept")) {
                headers.put(name, h.getValue());
            }
        }
        ObjectNode outBody = template.putObject("body");
        body.properties().forEach(e -> {
            if (!e.getKey().equals("requestInfo")) {
                outBody.set(e.getKey(), e.getValue());
            }
        });
        ObjectNode outInfo = JsonNodeFactory.instance.objectNode();
        info.properties().forEach(e -> {
            switch (e.getKey()) {
                case "messageExpirationTime" -> outInfo.put(e.getKey(), "${expiresAtMillis:number}");
                case "requestPayload" -> {
                    ObjectNode p = JsonNodeFactory.instance.objectNode();
                    payload.properties().forEach(pe -> p.set(pe.getKey(), pe.getValue()));
                    p.put("filters", "${filters:json}");
                    p.put("itemName", "${itemName}");
                    p.put("pageSize", "${pageSize:number}");
                    p.put("start", "${start:number}");
                    outInfo.putObject("requestPayload").set("$json", p);
                }
                default -> outInfo.set(e.getKey(), e.getValue());
            }
        });
        outBody.putObject("requestInfo").set("$json", outInfo);
        ObjectNode defaults = template.putObject("defaults");
        defaults.put("console", console);
        defaults.put("itemName", "");
        defaults.put("pageSize", "20");
        defaults.put("start", "0");
        defaults.put("filters", "[]");
        try {
            String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(template);
            RequestTemplate.parse("search.json (from " + x.file() + ")", text);
            return Optional.of(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (TemplateException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }

    private static Map<String, String> form(String body) {
        var out = new LinkedHashMap<String, String>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
