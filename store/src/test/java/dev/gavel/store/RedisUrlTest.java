package dev.gavel.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisUrlTest {

    @Test
    void standalone_sentinel_and_cluster_urls_are_accepted() {
        assertThat(RedisUrl.parse("redis://localhost:6379/2")
                        .url()
                        .orElseThrow()
                        .kind())
                .isEqualTo(RedisUrl.Kind.STANDALONE);
        assertThat(RedisUrl.parse("rediss://:pw@cache.example:6380")
                        .url()
                        .orElseThrow()
                        .kind())
                .isEqualTo(RedisUrl.Kind.STANDALONE);
        assertThat(RedisUrl.parse("redis-sentinel://s1:26379,s2:26379/0#mymaster")
                        .url()
                        .orElseThrow()
                        .kind())
                .isEqualTo(RedisUrl.Kind.SENTINEL);
        var cluster =
                RedisUrl.parse("redis-cluster://n1:7000,n2:7001, n3:7002").url().orElseThrow();
        assertThat(cluster.kind()).isEqualTo(RedisUrl.Kind.CLUSTER);
        assertThat(cluster.nodes())
                .extracting(n -> n.getHost() + ":" + n.getPort())
                .containsExactly("n1:7000", "n2:7001", "n3:7002");
    }

    @Test
    void cluster_credentials_reach_every_seed_node() {
        var cluster = RedisUrl.parse("rediss-cluster://user:secret@n1:7000,n2:7001")
                .url()
                .orElseThrow();
        assertThat(cluster.nodes()).allSatisfy(n -> {
            assertThat(n.isSsl()).isTrue();
            assertThat(new String(n.getCredentialsProvider()
                            .resolveCredentials()
                            .block()
                            .getPassword()))
                    .isEqualTo("secret");
        });
    }

    @Test
    void an_unknown_scheme_says_which_schemes_work_and_hides_the_password() {
        var parsed = RedisUrl.parse("http://user:topsecret@host:6379");
        assertThat(parsed.url()).isEmpty();
        assertThat(parsed.problem()).contains("redis://", "redis-cluster://").doesNotContain("topsecret");
    }

    @Test
    void an_empty_url_or_an_empty_cluster_node_is_refused() {
        assertThat(RedisUrl.parse(" ").problem()).contains("empty");
        assertThat(RedisUrl.parse("redis-cluster://n1:7000,,n2:7001").problem()).contains("empty");
    }
}
