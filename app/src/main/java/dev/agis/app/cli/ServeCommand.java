package dev.agis.app.cli;

import dev.agis.app.AgisApplication;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "serve", description = {
        "Runs AGIS: HTTP API, event processors, adapters (the default command).",
        "Any --spring.property=value argument is passed to Spring Boot, e.g. --server.port=9090."})
public class ServeCommand implements Callable<Integer> {

    private static volatile boolean serving;

    @Unmatched
    List<String> springArgs = new ArrayList<>();

    static boolean serving() {
        return serving;
    }

    @Override
    public Integer call() {
        SpringApplication.run(AgisApplication.class, springArgs.toArray(String[]::new));
        serving = true;
        return 0;
    }
}
