package dev.timetracker.functions.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The fan-out queue of the nightly job (template.yaml: NightlyClockPagesQueue): one message per page of clocks, read
 * by the same function through its SQS event source. SQS_ENDPOINT points the client at the local stack's queue;
 * AWS never sets it.
 */
final class ClockPageQueue {
    /** SendMessageBatch takes at most 10 messages, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html */
    static final int MESSAGES_PER_SEND = 10;

    private static final int MAX_ATTEMPTS = 3;

    /** One message: the clocks of one page of a run, numbered from 0 in the order the coordinator sent them. */
    record Page(String runId, long number, Instant startedAt, List<String> employees) {
        String body() {
            ObjectNode body = Json.object();
            body.put("run", runId);
            body.put("page", number);
            body.put("started_at", startedAt.toString());
            var ids = body.putArray("employees");
            employees.forEach(ids::add);
            return Json.write(body);
        }

        static Page parse(String body) {
            try {
                JsonNode json = Json.parse(body);
                List<String> employees = new ArrayList<>();
                json.path("employees").forEach(id -> employees.add(id.asText()));
                return new Page(
                        json.get("run").asText(),
                        json.get("page").asLong(),
                        Instant.parse(json.get("started_at").asText()),
                        employees);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;

    ClockPageQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    static SqsClient client(Environment environment) {
        SqsClientBuilder builder = SqsClient.builder()
                .region(AwsClients.region(environment))
                .credentialsProvider(AwsClients.credentials(environment))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)));
        environment.optional("SQS_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * Sends the pages, ten per call. A batch call can succeed for some entries and fail for others; those are sent
     * again (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html:
     * "the return value can contain both successful and unsuccessful actions").
     */
    void send(List<Page> pages) {
        for (int from = 0; from < pages.size(); from += MESSAGES_PER_SEND) {
            List<Page> batch = pages.subList(from, Math.min(pages.size(), from + MESSAGES_PER_SEND));
            List<SendMessageBatchRequestEntry> entries = batch.stream()
                    .map(page -> SendMessageBatchRequestEntry.builder()
                            .id("page-" + page.number())
                            .messageBody(page.body())
                            .build())
                    .toList();
            for (int attempt = 1; !entries.isEmpty(); attempt++) {
                List<SendMessageBatchRequestEntry> sending = entries;
                SendMessageBatchResponse response =
                        sqs.sendMessageBatch(send -> send.queueUrl(queueUrl).entries(sending));
                if (response.failed().isEmpty()) {
                    break;
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("SQS refused pages " + response.failed());
                }
                var failedIds =
                        response.failed().stream().map(failed -> failed.id()).toList();
                entries = sending.stream()
                        .filter(entry -> failedIds.contains(entry.id()))
                        .toList();
            }
        }
    }
}
