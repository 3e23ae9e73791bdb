package dev.strata.server;

import com.fasterxml.jackson.databind.node.MissingNode;
import dev.strata.core.auth.Role;
import dev.strata.core.quality.report.TrendChart;
import dev.strata.server.console.ConsoleViews.AuditRow;
import dev.strata.server.console.ConsoleViews.Chrome;
import dev.strata.server.console.GraphEdge;
import dev.strata.server.console.GraphNode;
import dev.strata.server.console.PipelineGraph;
import dev.strata.server.console.Templates;
import dev.strata.store.AuditRepository;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.RunRepository.StoredRun;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.util.MultiMap;

/**
 * The web console at {@code /console}: server-rendered pages of pipelines, runs, datasets and the audit log, on the
 * API's own authentication, roles and audit ({@link ConsoleSession}). Its buttons post forms that run the API's own
 * operations ({@link RunsApi}) after the API's own checks, so a button the page hides is refused all the same; its
 * posts are audited as the API's calls are.
 */
final class Console {
    static final String ROOT = "/console";
    /** Runs a page of the runs list shows. */
    static final int RUNS_PAGE = 50;

    private static final String SIGN_IN = ROOT + "/login";
    private static final String STATIC = ROOT + "/static/";
    private static final int AUDIT_PAGE = 100;

    private final MetadataStore store;
    private final ConsoleSession session;
    private final ConsolePages pages;
    private final ConsoleDatasets datasets;
    private final ConsoleReports reports;
    private final RunsApi runs;
    private final RunQueue queue;
    private final ApiGuard guard;

    Console(MetadataStore store, ApiGuard guard, SchedulesApi schedules, RunsApi runs, RunQueue queue, Clock clock) {
        this.store = store;
        this.guard = guard;
        this.session = new ConsoleSession(guard);
        this.pages = new ConsolePages(store, guard, schedules, runs);
        this.datasets = new ConsoleDatasets(store, guard, pages);
        this.reports = new ConsoleReports(store, runs, pages, clock);
        this.runs = runs;
        this.queue = queue;
    }

    /** True for a request the console serves, whose errors are pages rather than problem documents. */
    static boolean owns(Context ctx) {
        return ctx.path().equals(ROOT) || ctx.path().startsWith(ROOT + "/");
    }

    void register(Javalin app) {
        // The graph layout's first call loads its classes (about a second); done here, the first pipeline page is as
        // fast as the rest.
        Thread warmUp = new Thread(
                () -> PipelineGraph.svg(
                        List.of(
                                new GraphNode("a", "a", "never", List.of(), null),
                                new GraphNode("b", "b", "never", List.of(), null)),
                        List.of(new GraphEdge("a", "b"))),
                "strata-console-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        app.before(ROOT, this::authenticate);
        app.before(ROOT + "/*", this::authenticate);
        app.get(
                ROOT,
                ctx -> page(ctx, "pipelines.jte", "Pipelines", "pipelines", Map.of("pipelines", pages.pipelines(ctx))));
        app.get(SIGN_IN, ctx -> signInPage(ctx, null, 200));
        app.post(SIGN_IN, this::signIn);
        app.post(ROOT + "/logout", ctx -> {
            session.form(ctx);
            ConsoleSession.signOut(ctx);
            ctx.redirect(SIGN_IN, HttpStatus.SEE_OTHER);
        });
        app.get(ROOT + "/pipelines/{name}", ctx -> {
            String name = ctx.pathParam("name");
            page(ctx, "pipeline.jte", name, "pipelines", Map.of("page", pages.pipeline(ctx, name)));
        });
        app.get(ROOT + "/pipelines/{name}/datasets/{dataset}", ctx -> {
            String dataset = ctx.pathParam("dataset");
            page(
                    ctx,
                    "dataset.jte",
                    dataset,
                    "pipelines",
                    Map.of("page", datasets.dataset(ctx, ctx.pathParam("name"), dataset)));
        });
        app.post(ROOT + "/pipelines/{name}/runs", this::startRun);
        app.get(ROOT + "/runs", ctx -> page(ctx, "runs.jte", "Runs", "runs", Map.of("page", pages.runs(ctx))));
        app.get(ROOT + "/runs/{id}", ctx -> {
            String id = ctx.pathParam("id");
            page(ctx, "run.jte", "Run " + id, "runs", Map.of("page", pages.run(ctx, id)));
        });
        app.get(ROOT + "/runs/{id}/report", ctx -> {
            String html = reports.html(ctx, ctx.pathParam("id"));
            SecurityHeaders.applyReportPolicy(ctx);
            ctx.html(html);
        });
        app.get(
                ROOT + "/runs/{id}/progress",
                ctx -> ctx.html(Templates.render(
                        "parts/progress.jte",
                        Map.of("page", pages.run(ctx, ctx.pathParam("id")), "csrf", session.csrfToken(ctx)))));
        app.post(ROOT + "/runs/{id}/cancel", ctx -> {
            session.form(ctx);
            afterAction(ctx, runs.cancel(ctx, ctx.pathParam("id")).run().id());
        });
        app.post(ROOT + "/runs/{id}/resume", ctx -> {
            session.form(ctx);
            afterAction(ctx, runs.resume(ctx, ctx.pathParam("id")).id());
        });
        app.post(ROOT + "/runs/{id}/rerun", this::rerun);
        app.get(ROOT + "/audit", this::audit);
        // The trend charts' script, shared with the HTML quality report (strata-core).
        app.get(
                STATIC + "trend-charts.js",
                ctx -> ctx.contentType("text/javascript; charset=utf-8").result(TrendChart.script()));
        // Browsers ask for it on every page that names no icon, such as a plain-text error.
        app.get("/favicon.ico", ctx -> ctx.redirect(STATIC + "favicon.svg", HttpStatus.MOVED_PERMANENTLY));
    }

    /**
     * Before every console request but the sign-in page and the static assets: the cookie's principal, or the sign-in
     * page (a redirect for a page, a 401 for htmx and forms).
     */
    private void authenticate(Context ctx) {
        String path = ctx.path();
        if (path.equals(SIGN_IN) || path.startsWith(STATIC)) {
            return;
        }
        if (session.authenticate(ctx)) {
            return;
        }
        if (ctx.method() == HandlerType.GET && ctx.header("HX-Request") == null) {
            String next = ctx.queryString() == null ? path : path + "?" + ctx.queryString();
            ctx.redirect(SIGN_IN + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("HX-Redirect", SIGN_IN);
        throw ApiException.unauthorized("sign in first");
    }

    private void signIn(Context ctx) {
        MultiMap<String> form = ConsoleSession.fields(ctx);
        String token = form.getValue("token", 0);
        if (token == null || token.isBlank()) {
            signInPage(ctx, "Paste an API key or a JWT.", 400);
            return;
        }
        try {
            session.signIn(ctx, token.strip());
        } catch (ApiException e) {
            if (e.status() == 429) {
                throw e;
            }
            signInPage(ctx, "That key or token was not accepted: it is unknown, revoked or expired.", 401);
            return;
        }
        ctx.redirect(safeNext(form.getValue("next", 0)), HttpStatus.SEE_OTHER);
    }

    /**
     * Where to go after signing in: a path of the console, never another site, nor a path that leaves the console
     * through dot segments (a browser resolves {@code %2e%2e} as {@code ..}).
     */
    static String safeNext(String next) {
        if (next == null
                || !(next.equals(ROOT) || next.startsWith(ROOT + "/") || next.startsWith(ROOT + "?"))
                || next.startsWith(SIGN_IN)
                || next.contains("..")
                || next.toLowerCase(Locale.ROOT).contains("%2e")
                || next.contains("\\")) {
            return ROOT;
        }
        return next;
    }

    private void signInPage(Context ctx, String message, int status) {
        String next = safeNext(ctx.queryParam("next"));
        boolean local = Set.of("localhost", "127.0.0.1", "[::1]")
                .contains(ctx.host() == null ? "" : ctx.host().replaceAll(":\\d+$", ""));
        String warning = "http".equals(ctx.scheme()) && !local && ctx.header("X-Forwarded-Proto") == null
                ? "This page came over plain HTTP: browsers keep the console's cookie only over HTTPS (or on localhost)."
                : null;
        Map<String, Object> params = new HashMap<>();
        params.put("message", message);
        params.put("next", next);
        params.put("warning", warning);
        ctx.status(status).html(Templates.render("login.jte", params));
    }

    private void startRun(Context ctx) {
        session.form(ctx);
        StoredPipeline pipeline = guard.visiblePipeline(ctx, ctx.pathParam("name"), Role.OPERATOR);
        StoredRun run = runs.start(ctx, pipeline, null, queue.parameters(pipeline, MissingNode.getInstance()));
        afterAction(ctx, run.id());
    }

    /** Runs the pipeline again with what run {@code id} was given: its selection and parameters. */
    private void rerun(Context ctx) {
        session.form(ctx);
        StoredRun original = guard.visibleRun(ctx, ctx.pathParam("id"));
        StoredPipeline pipeline = guard.visiblePipeline(ctx, original.pipeline(), Role.OPERATOR);
        afterAction(
                ctx,
                runs.start(ctx, pipeline, original.only(), original.parameters())
                        .id());
    }

    private static void afterAction(Context ctx, String runId) {
        ctx.redirect(ROOT + "/runs/" + runId, HttpStatus.SEE_OTHER);
    }

    private void audit(Context ctx) {
        ApiGuard.requireAdmin(ctx);
        long before;
        try {
            before = ctx.queryParam("before") == null ? Long.MAX_VALUE : Long.parseLong(ctx.queryParam("before"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("before is not an entry number", "follow the page's own link");
        }
        List<AuditRepository.Entry> entries = store.audit().list(AUDIT_PAGE, before);
        List<AuditRow> rows = entries.stream()
                .map(e -> new AuditRow(
                        e.id(),
                        ConsolePages.time(e.at()),
                        e.principal(),
                        e.action(),
                        e.target(),
                        e.result(),
                        e.status(),
                        e.repeats()))
                .toList();
        String next = entries.size() == AUDIT_PAGE
                ? ROOT + "/audit?before=" + entries.get(entries.size() - 1).id()
                : null;
        Map<String, Object> params = new HashMap<>();
        params.put("entries", rows);
        params.put("nextHref", next);
        page(ctx, "audit.jte", "Audit log", "audit", params);
    }

    private void page(Context ctx, String template, String title, String section, Map<String, Object> content) {
        Map<String, Object> params = new HashMap<>(content);
        params.put("chrome", chrome(ctx, title, section));
        ctx.html(Templates.render(template, params));
    }

    private Chrome chrome(Context ctx, String title, String section) {
        Principal principal = ApiGuard.principal(ctx);
        return new Chrome(
                title,
                principal.id(),
                principal.role() == null ? "scoped" : principal.role().label(),
                principal.has(Role.ADMIN),
                session.csrfToken(ctx),
                section);
    }

    /** A console request's failure as a page, with the API's status and message. */
    void error(ApiException e, Context ctx) {
        if (!ApiGuard.authenticated(ctx) || ctx.header("HX-Request") != null) {
            ctx.status(e.status()).contentType("text/plain; charset=utf-8").result(e.status() + ": " + e.getMessage());
            return;
        }
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", chrome(ctx, "Not possible", ""));
        params.put("status", e.status());
        params.put("message", e.getMessage());
        params.put("hint", e.hint());
        ctx.status(e.status()).html(Templates.render("error.jte", params));
    }
}
