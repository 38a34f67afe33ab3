package dev.timetracker.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.LoopbackHttpServer;
import dev.timetracker.local.iam.LocalArns;
import dev.timetracker.local.template.QueueResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Standard SQS queues in memory, those of template.yaml, on one loopback port (the AWS JSON 1.0 protocol the SDK
 * speaks to SQS: POST / with {@code X-Amz-Target: AmazonSQS.<Action>}), and in this JVM for the local Lambda poller
 * ({@link dev.timetracker.local.stack.QueueEventSources}). What it emulates, as SQS documents it:
 * <ul>
 *   <li>a received message stays in the queue, invisible for the queue's visibility timeout, and comes back if
 *       it is not deleted in time (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html);</li>
 *   <li>each receive gives a new receipt handle; a delete with an older one does not delete the message
 *       (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html);</li>
 *   <li>once a message's receive count exceeds the redrive policy's maxReceiveCount, SQS moves it to the dead-letter
 *       queue instead of delivering it again (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html);</li>
 *   <li>SendMessageBatch answers per entry, with the body's MD5 the SDK checks
 *       (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html).</li>
 * </ul>
 * Time is the emulator's {@link Clock}, which tests replace. Requests are not checked against IAM (the template's
 * sqs:SendMessage statement is enforced only in AWS). Messages are kept in send order; SQS promises no order.
 */
public final class SqsEmulator implements AutoCloseable {

    /** A message as a consumer received it. */
    public record Received(
            String messageId,
            String receiptHandle,
            String body,
            String md5OfBody,
            int receiveCount,
            Instant sentAt,
            Instant firstReceivedAt) {}

    private static final class Message {
        final String id = UUID.randomUUID().toString();
        final String body;
        final Instant sentAt;
        int receiveCount;
        Instant visibleAt;
        Instant firstReceivedAt;
        String receiptHandle;

        Message(String body, Instant sentAt) {
            this.body = body;
            this.sentAt = sentAt;
            this.visibleAt = sentAt;
        }
    }

    private static final class Queue {
        final QueueResource resource;
        final Map<String, Message> messages = new LinkedHashMap<>();

        Queue(QueueResource resource) {
            this.resource = resource;
        }
    }

    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private volatile Clock clock = Clock.systemUTC();
    private final LoopbackHttpServer server;

    private SqsEmulator(List<QueueResource> resources) {
        resources.forEach(resource -> queues.put(resource.logicalId(), new Queue(resource)));
        this.server = new LoopbackHttpServer("sqs-emulator", 4, this::handle);
    }

    public static SqsEmulator start(List<QueueResource> queues) {
        return new SqsEmulator(queues);
    }

    public URI endpoint() {
        return URI.create("http://" + server.address().getHostString() + ":"
                + server.address().getPort());
    }

    /** The URL of a queue, as GetQueueUrl (and CloudFormation's {@code !Ref}) gives it. */
    public String url(String queueName) {
        return endpoint() + "/" + LocalArns.ACCOUNT + "/" + queueName;
    }

    /** Tests move time on with their own clock (visibility timeouts). */
    public void useClock(Clock newClock) {
        this.clock = newClock;
    }

    // ------------------------------------------------------------------ the queue, in this JVM

    public synchronized String send(String queueName, String body) {
        Message message = new Message(body, clock.instant());
        queue(queueName).messages.put(message.id, message);
        return message.id;
    }

    /**
     * Up to {@code max} visible messages, each now invisible for the queue's visibility timeout with a new receipt
     * handle; a message received maxReceiveCount times before goes to the dead-letter queue instead.
     */
    public synchronized List<Received> receive(String queueName, int max) {
        Queue queue = queue(queueName);
        Instant now = clock.instant();
        List<Received> received = new ArrayList<>();
        Iterator<Message> messages = queue.messages.values().iterator();
        while (messages.hasNext() && received.size() < max) {
            Message message = messages.next();
            if (message.visibleAt.isAfter(now)) {
                continue;
            }
            QueueResource resource = queue.resource;
            if (resource.deadLetterQueue() != null && message.receiveCount >= resource.maxReceiveCount()) {
                messages.remove();
                Message moved = new Message(message.body, message.sentAt);
                queue(resource.deadLetterQueue()).messages.put(moved.id, moved);
                continue;
            }
            message.receiveCount++;
            message.visibleAt = now.plusSeconds(resource.visibilityTimeoutSeconds());
            message.receiptHandle = UUID.randomUUID().toString();
            if (message.firstReceivedAt == null) {
                message.firstReceivedAt = now;
            }
            received.add(new Received(
                    message.id,
                    message.receiptHandle,
                    message.body,
                    md5(message.body),
                    message.receiveCount,
                    message.sentAt,
                    message.firstReceivedAt));
        }
        return received;
    }

    /** @return whether the message was deleted (false for an unknown or outdated receipt handle) */
    public synchronized boolean delete(String queueName, String receiptHandle) {
        return queue(queueName).messages.values().removeIf(message -> receiptHandle.equals(message.receiptHandle));
    }

    /** Messages that a receive would return now. */
    public synchronized int visible(String queueName) {
        Instant now = clock.instant();
        return (int) queue(queueName).messages.values().stream()
                .filter(message -> !message.visibleAt.isAfter(now))
                .count();
    }

    /** Every message of the queue, visible or not. */
    public synchronized int size(String queueName) {
        return queue(queueName).messages.size();
    }

    /** The bodies of every message of the queue, in send order (for tests of the dead-letter queue). */
    public synchronized List<String> bodies(String queueName) {
        return queue(queueName).messages.values().stream()
                .map(message -> message.body)
                .toList();
    }

    public synchronized void purge(String queueName) {
        queue(queueName).messages.clear();
    }

    private Queue queue(String queueName) {
        Queue queue = queues.get(queueName);
        if (queue == null) {
            throw new IllegalArgumentException("template.yaml has no queue " + queueName);
        }
        return queue;
    }

    // ------------------------------------------------------------------ the API over HTTP

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        ObjectNode response;
        int status = 200;
        try (InputStream in = exchange.getRequestBody()) {
            JsonNode request = Json.parse(in);
            String action = target == null ? "" : target.substring(target.indexOf('.') + 1);
            String queueName = queueName(
                    request.path("QueueUrl").asText(request.path("QueueName").asText()));
            if (!queues.containsKey(queueName)) {
                throw new ApiError("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");
            }
            response = switch (action) {
                case "SendMessage" -> sendMessage(queueName, request);
                case "SendMessageBatch" -> sendMessageBatch(queueName, request);
                case "ReceiveMessage" -> receiveMessage(queueName, request);
                case "DeleteMessage" -> {
                    delete(queueName, request.path("ReceiptHandle").asText());
                    yield Json.object();
                }
                case "GetQueueUrl" -> Json.object().put("QueueUrl", url(queueName));
                case "GetQueueAttributes" -> {
                    ObjectNode attributes = Json.object();
                    attributes
                            .putObject("Attributes")
                            .put("ApproximateNumberOfMessages", Integer.toString(visible(queueName)))
                            .put(
                                    "ApproximateNumberOfMessagesNotVisible",
                                    Integer.toString(size(queueName) - visible(queueName)));
                    yield attributes;
                }
                default -> throw new ApiError("UnsupportedOperation", "The local queue does not support " + target);
            };
        } catch (ApiError e) {
            status = 400;
            response =
                    Json.object().put("__type", "com.amazonaws.sqs#" + e.code).put("message", e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            response = Json.object()
                    .put("__type", "com.amazonaws.sqs#InternalError")
                    .put("message", e.toString());
        }
        byte[] bytes = Json.write(response).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ObjectNode sendMessage(String queueName, JsonNode request) {
        String body = request.path("MessageBody").asText();
        return Json.object().put("MessageId", send(queueName, body)).put("MD5OfMessageBody", md5(body));
    }

    private ObjectNode sendMessageBatch(String queueName, JsonNode request) {
        if (request.path("Entries").size() > 10) {
            throw new ApiError("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "At most 10 entries");
        }
        ObjectNode response = Json.object();
        var successful = response.putArray("Successful");
        response.putArray("Failed");
        for (JsonNode entry : request.path("Entries")) {
            String body = entry.path("MessageBody").asText();
            successful
                    .addObject()
                    .put("Id", entry.path("Id").asText())
                    .put("MessageId", send(queueName, body))
                    .put("MD5OfMessageBody", md5(body));
        }
        return response;
    }

    private ObjectNode receiveMessage(String queueName, JsonNode request) {
        ObjectNode response = Json.object();
        var messages = response.putArray("Messages");
        for (Received message :
                receive(queueName, request.path("MaxNumberOfMessages").asInt(1))) {
            ObjectNode item = messages.addObject()
                    .put("MessageId", message.messageId())
                    .put("ReceiptHandle", message.receiptHandle())
                    .put("MD5OfBody", message.md5OfBody())
                    .put("Body", message.body());
            item.putObject("Attributes").put("ApproximateReceiveCount", Integer.toString(message.receiveCount()));
        }
        return response;
    }

    private static String queueName(String urlOrName) {
        return urlOrName.substring(urlOrName.lastIndexOf('/') + 1);
    }

    static String md5(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class ApiError extends RuntimeException {
        final String code;

        ApiError(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
