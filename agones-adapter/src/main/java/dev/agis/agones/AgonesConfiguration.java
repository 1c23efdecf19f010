package dev.agis.agones;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code agis.fleet.mode=agones}: game servers on Agones in the configured cluster. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "agis.fleet.mode", havingValue = "agones")
@EnableConfigurationProperties(AgonesProperties.class)
public class AgonesConfiguration {

    /** In a pod: its service account; elsewhere: KUBECONFIG or ~/.kube/config (fabric8's auto-configuration). */
    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    AgonesFleet agonesFleet(KubernetesClient client, AgonesProperties props) {
        return new AgonesFleet(client, props, d -> Thread.sleep(d.toMillis()));
    }
}
