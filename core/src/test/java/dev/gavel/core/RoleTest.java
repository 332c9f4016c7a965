package dev.gavel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void an_owner_may_do_everything() {
        for (Role required : Role.values()) {
            assertThat(Role.OWNER.grants(required)).as(required.name()).isTrue();
        }
    }

    @Test
    void an_admin_may_not_act_as_owner_but_may_bid_on_behalf() {
        assertThat(Role.ADMIN.grants(Role.OWNER)).isFalse();
        assertThat(Role.ADMIN.grants(Role.BIDDER)).isTrue();
        assertThat(Role.ADMIN.grants(Role.OPERATOR)).isTrue();
    }

    @Test
    void a_bidder_is_not_an_operator_and_an_operator_does_not_bid() {
        assertThat(Role.BIDDER.grants(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.grants(Role.BIDDER)).isFalse();
        assertThat(Role.BIDDER.grants(Role.VIEWER)).isTrue();
    }

    @Test
    void a_viewer_only_views() {
        assertThat(Role.VIEWER.implied()).containsExactly(Role.VIEWER);
    }

    @Test
    void any_of_several_roles_is_enough() {
        assertThat(Role.anyGrants(EnumSet.of(Role.VIEWER, Role.OPERATOR), Role.OPERATOR))
                .isTrue();
        assertThat(Role.anyGrants(Set.of(), Role.VIEWER)).isFalse();
    }

    @Test
    void names_parse_in_any_case_and_unknown_names_are_empty() {
        assertThat(Role.find(" admin ")).contains(Role.ADMIN);
        assertThat(Role.find("superuser")).isEmpty();
        assertThat(Role.find(null)).isEmpty();
    }
}
