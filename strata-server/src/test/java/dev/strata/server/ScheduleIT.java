package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.pipelineYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.store.RunRepository.StoredRun;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules fired by real servers on the machine's PostgreSQL, in seconds mode ({@code STRATA_SCHEDULE_SECONDS}: the
 * minute field counts seconds), so that a schedule fires every few seconds; runs start the stand-in engine, which
 * logs the arguments it was given. The real engine reads its logical time in strata-cli's ServeCommandIT.
 */
class ScheduleIT {
    @TempDir
    static Path root;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(
                root,
                Map.of(
                        "STRATA_SCHEDULE_SECONDS", "true",
                        "STRATA_SCHEDULE_POLL", "1s",
                        "STRATA_SCHEDULE_MISFIRE_THRESHOLD", "2s",
                        "STRATA_MAX_CONCURRENT_RUNS", "4"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String scheduled(String name, String schedule) {
        return pipelineYaml(name) + "schedule: " + schedule + "\n";
    }

    private static List<StoredRun> runs(String pipeline) {
        List<StoredRun> runs = new ArrayList<>(server.store.runListing().list(pipeline, null, null, 1000, null));
        runs.sort((a, b) -> a.logicalTime().compareTo(b.logicalTime()));
        return runs;
    }

    private static List<Instant> logicalTimes(String pipeline) {
        return runs(pipeline).stream().map(StoredRun::logicalTime).toList();
    }

    private static List<StoredRun> awaitRuns(String pipeline, Predicate<List<StoredRun>> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StoredRun> runs = runs(pipeline);
        while (!done.test(runs)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(pipeline + ": not there in " + timeout + "; runs: " + runs);
            }
            Thread.sleep(200);
            runs = runs(pipeline);
        }
        return runs;
    }

    /** Each logical time a fire time of a schedule every {@code seconds}, one after the other, none twice. */
    private static void assertConsecutiveFireTimes(List<Instant> times, int seconds) {
        assertThat(times).doesNotHaveDuplicates();
        for (int i = 0; i < times.size(); i++) {
            assertThat(times.get(i).getEpochSecond() % seconds)
                    .as("a fire time: " + times.get(i))
                    .isZero();
            assertThat(times.get(i).getNano()).isZero();
            if (i > 0) {
                assertThat(Duration.between(times.get(i - 1), times.get(i)))
                        .as("no fire time skipped, none twice: " + times)
                        .isEqualTo(Duration.ofSeconds(seconds));
            }
        }
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    @Test
    void aScheduleFiresItsRunsWithTheirLogicalTimesAndCanBePausedResumedChangedAndDeleted() throws Exception {
        Instant registered = Instant.now();
        HttpResponse<String> created =
                server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, scheduled("tick", "\"*/2 * * * *\""));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode view = json(server.get("/api/v1/pipelines/tick", ADMIN_TOKEN));
        assertThat(view.get("schedule").toString())
                .isEqualTo("{\"cron\":\"*/2 * * * *\",\"timezone\":\"UTC\",\"paused\":false}");
        List<Instant> next = new ArrayList<>();
        view.get("next_fire_times").forEach(t -> next.add(Instant.parse(t.asText())));
        assertThat(next).hasSize(ScheduleFiring.NEXT_FIRE_TIMES);
        assertConsecutiveFireTimes(next, 2);

        List<StoredRun> runs = awaitRuns("tick", r -> r.size() >= 3, Duration.ofSeconds(30));
        assertThat(runs).allSatisfy(run -> assertThat(run.submittedBy()).isEqualTo("schedule"));
        assertConsecutiveFireTimes(logicalTimes("tick"), 2);
        assertThat(runs.get(0).logicalTime())
                .as("the first fire time after registering")
                .isAfter(registered);
        assertThat(runs.get(0).logicalTime()).isBefore(registered.plusSeconds(3));
        JsonNode tick = null;
        for (JsonNode listed : json(server.get("/api/v1/pipelines", ADMIN_TOKEN))) {
            tick = listed.get("name").asText().equals("tick") ? listed : tick;
        }
        Instant last = Instant.parse(tick.get("last_fire_time").asText());
        assertThat(last).isAfterOrEqualTo(runs.get(runs.size() - 1).logicalTime());
        assertThat(last.getEpochSecond() % 2).isZero();

        // The server gives each run its stored logical time.
        StoredRun first = runs.get(0);
        JsonNode done = server.awaitRun(first.id(), TestServer.status("succeeded"), Duration.ofSeconds(30));
        assertThat(Instant.parse(done.get("logical_time").asText())).isEqualTo(first.logicalTime());
        assertThat(server.get("/api/v1/runs/" + first.id() + "/logs", ADMIN_TOKEN)
                        .body())
                .contains("--logical-time=" + first.logicalTime());

        // Pausing: an operator may, a viewer may not; no run starts while paused.
        assertThat(server.postJson("/api/v1/pipelines/tick/schedule/pause", server.key("viewer"), "{}")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> paused =
                server.postJson("/api/v1/pipelines/tick/schedule/pause", server.key("operator"), "{}");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(json(paused).get("schedule").get("paused").asBoolean()).isTrue();
        assertThat(json(paused).get("next_fire_times")).isEmpty();
        Thread.sleep(1_500); // a fire under way as the pause came finishes
        int whilePaused = runs("tick").size();
        Thread.sleep(4_500);
        assertThat(runs("tick")).as("no fire while paused").hasSize(whilePaused);

        Instant resumedAt = Instant.now();
        HttpResponse<String> resumed = server.postJson("/api/v1/pipelines/tick/schedule/resume", ADMIN_TOKEN, "{}");
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(json(resumed).get("schedule").get("paused").asBoolean()).isFalse();
        awaitRuns("tick", r -> r.get(r.size() - 1).logicalTime().isAfter(resumedAt), Duration.ofSeconds(20));
        List<Instant> times = logicalTimes("tick");
        assertThat(times.stream().filter(t -> t.isAfter(resumedAt.minusSeconds(4)) && t.isBefore(resumedAt)))
                .as("fire times while paused never run")
                .isEmpty();

        JsonNode audit = json(server.get("/api/v1/audit?limit=500", ADMIN_TOKEN));
        List<String> pauses = new ArrayList<>();
        audit.forEach(e -> {
            if (e.get("action").asText().startsWith("POST /api/v1/pipelines/{name}/schedule/")) {
                pauses.add(e.get("target").asText() + " " + e.get("result").asText() + " " + e.get("status"));
            }
        });
        assertThat(pauses)
                .contains(
                        "/api/v1/pipelines/tick/schedule/pause denied 403",
                        "/api/v1/pipelines/tick/schedule/pause allowed 200",
                        "/api/v1/pipelines/tick/schedule/resume allowed 200");

        // A new version's schedule takes effect at once.
        assertThat(server.call(
                                "PUT",
                                "/api/v1/pipelines/tick",
                                ADMIN_TOKEN,
                                "application/yaml",
                                scheduled("tick", "{cron: \"*/3 * * * *\", timezone: Europe/Berlin}"))
                        .statusCode())
                .isEqualTo(200);
        JsonNode changed = json(server.get("/api/v1/pipelines/tick", ADMIN_TOKEN));
        assertThat(changed.get("schedule").get("timezone").asText()).isEqualTo("Europe/Berlin");
        List<Instant> nextAfterChange = new ArrayList<>();
        changed.get("next_fire_times").forEach(t -> nextAfterChange.add(Instant.parse(t.asText())));
        assertConsecutiveFireTimes(nextAfterChange, 3);
        Instant changedAt = Instant.now();
        List<StoredRun> after = awaitRuns(
                "tick",
                r -> r.stream()
                                .filter(run -> run.logicalTime().isAfter(changedAt))
                                .count()
                        >= 2,
                Duration.ofSeconds(20));
        assertConsecutiveFireTimes(
                after.stream()
                        .map(StoredRun::logicalTime)
                        .filter(t -> t.isAfter(changedAt))
                        .toList(),
                3);

        // A deleted pipeline stops firing.
        assertThat(server.call("DELETE", "/api/v1/pipelines/tick", ADMIN_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(204);
        Thread.sleep(1_500);
        int atDelete = runs("tick").size();
        Thread.sleep(4_000);
        assertThat(runs("tick")).hasSize(atDelete);
        assertThat(scheduledTasks("tick")).isZero();
    }

    @Test
    void aRetriedScheduledRunKeepsItsLogicalTime() throws Exception {
        String crashing = "# standin: crash\n" + scheduled("crashy", "\"*/2 * * * *\"");
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, crashing).statusCode())
                .isEqualTo(201);
        StoredRun first =
                awaitRuns("crashy", r -> !r.isEmpty(), Duration.ofSeconds(20)).get(0);
        JsonNode failed = server.awaitRun(first.id(), TestServer.status("failed"), Duration.ofSeconds(40));
        server.call("DELETE", "/api/v1/pipelines/crashy", ADMIN_TOKEN, null, null);
        assertThat(failed.get("attempt").asInt())
                .as("two retries after the first crash")
                .isEqualTo(3);
        assertThat(failed.get("logical_time").asText())
                .isEqualTo(first.logicalTime().toString());
        String log =
                server.get("/api/v1/runs/" + first.id() + "/logs", ADMIN_TOKEN).body();
        assertThat(log.split("arguments: ", -1)).hasSize(4);
        assertThat(log.split("--logical-time=" + first.logicalTime(), -1))
                .as("each attempt was given the same logical time")
                .hasSize(4);
    }

    @Test
    void twoServersOnOneDatabaseNeverStartAFireTimeTwice() throws Exception {
        try (TestServer second = server.alongside()) {
            assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, scheduled("shared", "\"* * * * *\""))
                            .statusCode())
                    .isEqualTo(201);
            awaitRuns("shared", r -> r.size() >= 10, Duration.ofSeconds(30));
            // And head-on: both servers' stores claim the same fire time at once, 20 times each; one run results.
            int version = server.store.pipelines().find("shared").orElseThrow().version();
            Instant contested = Instant.parse("2020-01-01T00:00:00Z");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                dev.strata.store.MetadataStore store = i % 2 == 0 ? server.store : second.store;
                String id = "run_contested_" + i;
                claims.add(pool.submit(() -> store.schedules()
                        .fire(dev.strata.store.NewRun.of(
                                        id, "shared", version, null, Map.of(), "schedule", Instant.now())
                                .withLogicalTime(contested))
                        .isPresent()));
            }
            int won = 0;
            for (java.util.concurrent.Future<Boolean> claim : claims) {
                won += claim.get() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(won).as("claims of one fire time that queued a run").isEqualTo(1);
            assertThat(second.call("DELETE", "/api/v1/pipelines/shared", ADMIN_TOKEN, null, null)
                            .statusCode())
                    .as("deleted through the other server")
                    .isEqualTo(204);
        }
        Thread.sleep(1_500);
        List<Instant> times = logicalTimes("shared").stream()
                .filter(t -> t.isAfter(Instant.parse("2020-01-01T00:00:00Z")))
                .toList();
        assertThat(times).hasSizeGreaterThanOrEqualTo(10);
        assertConsecutiveFireTimes(times, 1);
        long fires = server.database
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM schedule_fires WHERE pipeline = 'shared' AND run_id IS NOT NULL")
                        .mapTo(Long.class)
                        .one());
        assertThat(fires).isEqualTo(times.size() + 1);
    }

    @Test
    void aServerStoppedAcrossThreeFireTimesCatchesUpAsEachPolicySays() throws Exception {
        for (String policy : List.of("skip", "once", "all")) {
            assertThat(server.postYaml(
                                    "/api/v1/pipelines",
                                    ADMIN_TOKEN,
                                    scheduled("catch_" + policy, "{cron: \"*/4 * * * *\", catch_up: " + policy + "}"))
                            .statusCode())
                    .isEqualTo(201);
        }
        for (String policy : List.of("skip", "once", "all")) {
            awaitRuns("catch_" + policy, r -> !r.isEmpty(), Duration.ofSeconds(20));
        }
        server.stop();
        Instant stopped = Instant.now();
        Instant firstMissed = Instant.ofEpochSecond((stopped.getEpochSecond() / 4 + 1) * 4);
        Instant thirdMissed = firstMissed.plusSeconds(8);
        // Up again 2.5 s after the third missed fire time: past the 2 s misfire threshold, before the next one.
        sleepUntil(thirdMissed.plusMillis(2_500));
        server.boot();
        Instant nextOnTime = thirdMissed.plusSeconds(4);
        for (String policy : List.of("skip", "once", "all")) {
            awaitRuns(
                    "catch_" + policy,
                    r -> r.get(r.size() - 1).logicalTime().compareTo(nextOnTime) >= 0,
                    Duration.ofSeconds(20));
        }
        Predicate<Instant> missed = t -> !t.isBefore(firstMissed) && !t.isAfter(thirdMissed);
        assertThat(logicalTimes("catch_skip").stream().filter(missed)).isEmpty();
        assertThat(logicalTimes("catch_once").stream().filter(missed)).containsExactly(thirdMissed);
        assertThat(logicalTimes("catch_all").stream().filter(missed))
                .containsExactly(firstMissed, firstMissed.plusSeconds(4), thirdMissed);
        assertThat(logicalTimes("catch_skip")).contains(nextOnTime);
        JsonNode skip = json(server.get("/api/v1/pipelines/catch_skip", ADMIN_TOKEN));
        assertThat(Instant.parse(skip.get("last_fire_time").asText())).isAfterOrEqualTo(nextOnTime);
        long skipped = server.database
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM schedule_fires
                        WHERE pipeline = 'catch_skip' AND run_id IS NULL AND fire_time BETWEEN :a AND :b""")
                        .bind("a", java.time.OffsetDateTime.ofInstant(firstMissed, java.time.ZoneOffset.UTC))
                        .bind("b", java.time.OffsetDateTime.ofInstant(thirdMissed, java.time.ZoneOffset.UTC))
                        .mapTo(Long.class)
                        .one());
        assertThat(skipped).as("skipped fire times are recorded, without a run").isEqualTo(3);
        for (String policy : List.of("skip", "once", "all")) {
            server.call("DELETE", "/api/v1/pipelines/catch_" + policy, ADMIN_TOKEN, null, null);
        }
    }

    private static long scheduledTasks(String pipeline) {
        return server.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM scheduled_tasks WHERE task_instance = :p")
                        .bind("p", pipeline)
                        .mapTo(Long.class)
                        .one());
    }
}
