package io.invsync.support.streams;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.common.serialization.StringSerializer;

import io.invsync.events.Keys;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.invsync.support.security.ApiKeyAuthenticationFilter;

/**
 * Read access to the Streams state stores, here and on the other instances of the service.
 *
 * <p>Each instance holds the partitions it was assigned. A point lookup asks the instance that holds the key
 * ({@link #ownerOf}); a merchant-wide listing asks every instance for its part ({@link #everywhere}). Another
 * instance is asked over HTTP with {@link #LOCAL_ONLY_HEADER}, so it answers from its own stores only.
 * Instances find each other through {@code application.server}, which must be the host and port at which the
 * others can reach this one.
 *
 * <p>While Streams is not {@code RUNNING}, every query fails with {@link StoreUnavailableException} (503)
 * rather than waiting.
 */

public class StateStores {

    /** Set on requests between instances: answer from this instance's stores only. */
    public static final String LOCAL_ONLY_HEADER = "X-Invsync-Local-Only";

    private final StreamsBuilderFactoryBean factory;
    private final String serviceKey;
    private final RestClient http;
    private final Map<String, Set<Integer>> holders = new ConcurrentHashMap<>();
    private KafkaStreams queriedStreams;
    private KafkaStreamsInteractiveQueryService queries;

    /**
     * @param serviceKey the key sent when the service asks another instance on its own behalf (scheduled work, no
     *                   caller): the admin key, which every instance of the service shares
     */
    public StateStores(StreamsBuilderFactoryBean factory, String serviceKey) {
        this.factory = factory;
        this.serviceKey = serviceKey;
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var requestFactory = new JdkClientHttpRequestFactory(client);
        requestFactory.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().requestFactory(requestFactory).build();
    }

    /** This instance's store; it holds only the partitions assigned here. */
    public <V> ReadOnlyKeyValueStore<String, V> local(String store) {
        try {
            return queries().retrieveQueryableStore(store, QueryableStoreTypes.<String, V>keyValueStore());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new StoreUnavailableException("the state store " + store + " cannot be queried now: " + e.getMessage(), e);
        }
    }

    /** This instance's copy of a table kept with timestamps (a global table): values come as ValueAndTimestamp. */
    public <V> ReadOnlyKeyValueStore<String, org.apache.kafka.streams.state.ValueAndTimestamp<V>> localTimestamped(
            String store) {
        try {
            return queries().retrieveQueryableStore(store, QueryableStoreTypes.<String, V>timestampedKeyValueStore());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new StoreUnavailableException("the state store " + store + " cannot be queried now: " + e.getMessage(), e);
        }
    }

    /** The values of this instance's store whose key starts with {@code prefix}, in key order. */
    public <V> List<V> scanLocal(String store, String prefix) {
        return scanLocal(store, prefix, null, value -> true, Integer.MAX_VALUE);
    }

    /**
     * Up to {@code limit} values under {@code prefix} that {@code filter} accepts, in key order, starting after the
     * key {@code prefix + after} (from the first when {@code after} is null). Each local partition's store is read
     * in key order up to {@code limit} matches and the partitions are merged, so a page of a merchant with
     * 200,000 products holds a few pages in memory, not the merchant.
     */
    public <V> List<V> scanLocal(String store, String prefix, String after, Predicate<V> filter, int limit) {
        String afterKey = after == null ? null : prefix + after;
        // keys under the prefix sort before the prefix with its last character raised; a page after a key starts there
        String end = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        List<KeyValue<String, V>> found = new ArrayList<>();
        try {
            for (ReadOnlyKeyValueStore<String, V> partition : this.<V>localPartitions(store)) {
                int taken = 0;
                try (KeyValueIterator<String, V> entries = afterKey == null
                        ? partition.prefixScan(prefix, new StringSerializer()) : partition.range(afterKey, end)) {
                    while (entries.hasNext() && taken < limit) {
                        KeyValue<String, V> entry = entries.next();
                        if ((afterKey == null || entry.key.compareTo(afterKey) > 0) && filter.test(entry.value)) {
                            found.add(entry);
                            taken++;
                        }
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the state store " + store + " cannot be queried now: " + e.getMessage(), e);
        }
        return found.stream().sorted(Comparator.comparing((KeyValue<String, V> entry) -> entry.key)).limit(limit)
                .map(entry -> entry.value).toList();
    }

    /** Every entry of this instance's store under {@code prefix}, partition by partition (not in key order overall). */
    public <V> void forEachLocal(String store, String prefix, java.util.function.BiConsumer<String, V> visitor) {
        try {
            for (ReadOnlyKeyValueStore<String, V> partition : this.<V>localPartitions(store)) {
                try (KeyValueIterator<String, V> entries = partition.prefixScan(prefix, new StringSerializer())) {
                    entries.forEachRemaining(entry -> visitor.accept(entry.key, entry.value));
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the state store " + store + " cannot be queried now: " + e.getMessage(), e);
        }
    }

    /**
     * The store of each partition active on this instance (a store over all of them is not in key order): the
     * partitions of the active tasks of the sub-topologies that hold the store. A task of another sub-topology
     * (another instance may hold this store's task of the same partition number) has no such store.
     */
    private <V> List<ReadOnlyKeyValueStore<String, V>> localPartitions(String store) {
        KafkaStreams streams = running();
        Set<Integer> holders = subtopologiesHolding(store);
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(TaskMetadata::taskId)
                .filter(task -> holders.contains(task.subtopology()))
                .map(TaskId::partition).distinct().sorted()
                .map(partition -> streams.store(StoreQueryParameters.fromNameAndType(store,
                        QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition)))
                .toList();
    }

    private Set<Integer> subtopologiesHolding(String store) {
        return holders.computeIfAbsent(store, name -> factory.getTopology().describe().subtopologies().stream()
                .filter(subtopology -> subtopology.nodes().stream()
                        .anyMatch(node -> node instanceof TopologyDescription.Processor processor
                                && processor.stores().contains(name)))
                .map(TopologyDescription.Subtopology::id)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * The instance holding {@code key} in {@code store}, or null when it is this one: every topic, and so every
     * store, is partitioned by the owner in its key (DESIGN §3).
     */
    public HostInfo ownerOf(String store, String key) {
        return ownerOfOwner(store, Keys.owner(key));
    }

    /**
     * The instance holding the task that owns {@code ownerId}'s partition of {@code store}, when the store is
     * partitioned by owner ({@link OwnerPartitions}), or null when it is this one.
     */
    public HostInfo ownerOfOwner(String store, String ownerId) {
        KafkaStreams streams = running();
        int partitions = partitionCount(streams, store);
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, ownerId,
                OwnerPartitions.<String, Object>fixed(OwnerPartitions.of(ownerId, partitions)));
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new StoreUnavailableException("no instance holds " + store + " for '" + ownerId + "' yet");
        }
        return metadata.activeHost().equals(self()) ? null : metadata.activeHost();
    }

    /** Whether this instance holds the active task for {@code ownerId}'s partition of {@code store}. */
    public boolean ownsOwner(String store, String ownerId) {
        try {
            return ownerOfOwner(store, ownerId) == null;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    /** The partition count of the store's tasks: the number of partitions of the topics that feed it. */
    private static int partitionCount(KafkaStreams streams, String store) {
        int partitions = 0;
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (instance.stateStoreNames().contains(store)) {
                for (TopicPartition partition : instance.topicPartitions()) {
                    partitions = Math.max(partitions, partition.partition() + 1);
                }
                for (TopicPartition partition : instance.standbyTopicPartitions()) {
                    partitions = Math.max(partitions, partition.partition() + 1);
                }
            }
        }
        if (partitions == 0) {
            throw new StoreUnavailableException("no instance holds " + store + " yet");
        }
        return partitions;
    }

    /**
     * This instance's part of a listing, plus (unless {@code localOnly}) every other instance's part, fetched
     * by repeating the request there.
     *
     * @param pathAndQuery the request's path and query, as received (already encoded)
     */
    public <R, T> List<T> everywhere(String store, boolean localOnly, Supplier<List<T>> local, String pathAndQuery,
            Class<R> responseType, Function<R, List<T>> items) {
        List<T> all = new ArrayList<>(local.get());
        if (localOnly) {
            return all;
        }
        HostInfo self = self();
        for (StreamsMetadata instance : running().metadataForAllStreamsClients()) {
            if (!instance.hostInfo().equals(self) && instance.stateStoreNames().contains(store)) {
                all.addAll(items.apply(fetch(instance.hostInfo(), pathAndQuery, responseType)));
            }
        }
        return all;
    }

    /**
     * Asks another instance, which answers from its own stores. The caller's own key goes along, so the other
     * instance grants exactly what this one did.
     */
    public <R> R fetch(HostInfo host, String pathAndQuery, Class<R> responseType) {
        return forward(host, org.springframework.http.HttpMethod.GET, pathAndQuery, responseType);
    }

    /**
     * Repeats a request that is not a read on the instance that owns what it acts on; that instance acts on it
     * itself ({@link #LOCAL_ONLY_HEADER}). The caller's own key goes along. The owner's refusal (4xx) is passed
     * on to the caller as it was given ({@link StoreUnavailableAdvice}); no answer at all is a 503.
     */
    public <R> R forward(HostInfo host, org.springframework.http.HttpMethod method, String pathAndQuery,
            Class<R> responseType) {
        return forward(host, method, pathAndQuery, null, responseType);
    }

    /** {@link #forward(HostInfo, org.springframework.http.HttpMethod, String, Class)} with a JSON body. */
    public <R> R forward(HostInfo host, org.springframework.http.HttpMethod method, String pathAndQuery, Object body,
            Class<R> responseType) {
        try {
            var request = http.method(method)
                    .uri(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                    .header(LOCAL_ONLY_HEADER, "true")
                    .headers(headers -> callersKey().ifPresent(key -> headers.set(ApiKeyAuthenticationFilter.HEADER, key)));
            if (body != null) {
                request = request.contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body);
            }
            return request.retrieve().body(responseType);
        } catch (org.springframework.web.client.HttpClientErrorException e) {
            throw e;
        } catch (RestClientException e) {
            throw new StoreUnavailableException("the instance at " + host.host() + ":" + host.port()
                    + " did not answer: " + e.getMessage(), e);
        }
    }

    /** A request's path and query as received (still encoded): what {@link #forward} repeats elsewhere. */
    public static String pathAndQuery(jakarta.servlet.http.HttpServletRequest request) {
        return request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    }

    /** The caller's key, or the service's own when the service asks on its own behalf (no request). */
    private Optional<String> callersKey() {
        var attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes request)) {
            return Optional.ofNullable(serviceKey);
        }
        return Optional.ofNullable(request.getRequest().getHeader(ApiKeyAuthenticationFilter.HEADER));
    }

    private HostInfo self() {
        return queries().getCurrentKafkaStreamsApplicationHostInfo();
    }

    private KafkaStreams running() {
        KafkaStreams streams = factory.getKafkaStreams();
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreUnavailableException("the inventory state is not ready (Kafka Streams is "
                    + (streams == null ? "not started" : streams.state()) + "); try again shortly");
        }
        return streams;
    }

    /**
     * The query service caches the first KafkaStreams it sees, and the factory bean makes a new one on every
     * restart: use one query service per KafkaStreams instance.
     */
    private synchronized KafkaStreamsInteractiveQueryService queries() {
        KafkaStreams streams = running();
        if (streams != queriedStreams) {
            var service = new KafkaStreamsInteractiveQueryService(factory);
            // not RUNNING is answered 503 at once; a client retries, not a request thread
            service.setRetryTemplate(new RetryTemplate(RetryPolicy.withMaxRetries(0)));
            queries = service;
            queriedStreams = streams;
        }
        return queries;
    }
}
