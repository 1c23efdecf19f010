package dev.agis.discord;

import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.CommandInteractionPayload;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one JDA listener: slash commands, confirmation buttons and autocompletion. It never blocks
 * JDA's event thread: a command runs on the worker pool; if it has not answered after
 * {@code deferAfter} the interaction is deferred, so Discord always gets its acknowledgement in
 * time, and the answer follows through the interaction hook.
 */
public class InteractionListener extends ListenerAdapter {

    private static final Logger log = LoggerFactory.getLogger(InteractionListener.class);

    private final Map<String, SlashCommand> commands;
    private final Confirmations confirmations;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Duration deferAfter;

    public InteractionListener(List<SlashCommand> commands, Confirmations confirmations, ExecutorService workers,
                               ScheduledExecutorService timers, Duration deferAfter) {
        this.commands = commands.stream().collect(Collectors.toMap(SlashCommand::name, Function.identity()));
        this.confirmations = confirmations;
        this.workers = workers;
        this.timers = timers;
        this.deferAfter = deferAfter;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        String token = event.getId();
        SlashCommand command = commands.get(event.getName());
        boolean privately = command != null && command.answersPrivately();
        respond(new SlashResponder(event, token, privately), () -> {
            if (command == null) {
                throw new CommandRefused("UNKNOWN_COMMAND", "AGIS does not know /" + event.getName() + ".",
                        "The command list may be out of date; try again in a minute.");
            }
            CommandInput input = input(event);
            Reply reply = command.handle(input);
            if (reply.confirmation() != null) {
                confirmations.offer(token, input.userId(), reply.confirmation().action());
            }
            return reply;
        });
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        String id = event.getComponentId();
        boolean confirm = id.startsWith(ReplyRenderer.CONFIRM);
        if (!confirm && !id.startsWith(ReplyRenderer.CANCEL)) {
            return;
        }
        String token = id.substring(confirm ? ReplyRenderer.CONFIRM.length() : ReplyRenderer.CANCEL.length());
        String userId = event.getUser().getId();
        Confirmations.Claim claim = confirm ? confirmations.confirm(token, userId) : confirmations.cancel(token, userId);
        ButtonResponder responder = new ButtonResponder(event, token);
        if (claim instanceof Confirmations.Run run) {
            respond(responder, () -> {
                Reply outcome;
                try {
                    outcome = run.action().get();
                } catch (RuntimeException e) {
                    outcome = ErrorReplies.of(e);
                }
                confirmations.complete(token, outcome);
                return outcome;
            });
        } else if (claim instanceof Confirmations.NotYours) {
            responder.replySeparately(Reply.error("Not your confirmation",
                    "Only the person who ran the command can confirm or cancel it.")
                    .field("What to do", "Run the command yourself.", false));
        } else if (claim instanceof Confirmations.Running) {
            responder.replySeparately(Reply.info("Already confirmed", "This action is running; it is done once.").privately());
        } else if (claim instanceof Confirmations.Done done) {
            Reply first = done.outcome();
            responder.replySeparately(new Reply(first.tone(), "Already done: " + first.title(), first.description(),
                    first.fields(), true, null));
        } else if (claim instanceof Confirmations.Cancelled) {
            responder.reply(Confirmations.cancelledReply());
        } else {
            responder.reply(Confirmations.expiredReply());
        }
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        SlashCommand command = commands.get(event.getName());
        if (command == null) {
            event.replyChoices(List.of()).queue();
            return;
        }
        try {
            workers.execute(() -> {
                List<Command.Choice> choices;
                try {
                    choices = command.autocomplete(input(event), event.getFocusedOption().getName(),
                            event.getFocusedOption().getValue());
                } catch (RuntimeException e) {
                    log.warn("Autocompletion of /{} failed: {}", event.getName(), e.toString());
                    choices = List.of();
                }
                event.replyChoices(choices.stream().limit(25).toList()).queue();
            });
        } catch (RejectedExecutionException e) {
            event.replyChoices(List.of()).queue();
        }
    }

    /** Runs {@code work} off the event thread and answers once, deferring first if it takes long. */
    private void respond(Responder responder, Supplier<Reply> work) {
        AtomicBoolean acknowledged = new AtomicBoolean();
        ScheduledFuture<?> defer = timers.schedule(() -> {
            if (acknowledged.compareAndSet(false, true)) {
                responder.defer();
            }
        }, deferAfter.toMillis(), TimeUnit.MILLISECONDS);
        Runnable task = () -> {
            Reply reply;
            try {
                reply = work.get();
            } catch (RuntimeException e) {
                reply = ErrorReplies.of(e);
            }
            defer.cancel(false);
            if (acknowledged.compareAndSet(false, true)) {
                responder.reply(reply);
            } else {
                responder.replyAfterDefer(reply);
            }
        };
        try {
            CompletableFuture.runAsync(task, workers);
        } catch (RejectedExecutionException e) {
            defer.cancel(false);
            if (acknowledged.compareAndSet(false, true)) {
                responder.reply(Reply.error("Busy", "AGIS is answering many commands right now.")
                        .field("What to do", "Try again in a few seconds.", false));
            }
        }
    }

    static CommandInput input(CommandInteractionPayload event) {
        Map<String, String> options = new HashMap<>();
        for (OptionMapping option : event.getOptions()) {
            options.put(option.getName(), option.getAsString());
        }
        String guildId = event.getGuild() == null ? null : event.getGuild().getId();
        return new CommandInput(event.getId(), event.getUser().getId(), guildId, canManageServer(event),
                event.getName(), event.getSubcommandName(), options);
    }

    /** Discord sends the member's permissions in the interaction's channel; no member cache needed. */
    private static boolean canManageServer(CommandInteractionPayload event) {
        Member member = event.getMember();
        if (member == null || event.getGuild() == null) {
            return false;
        }
        return member.getPermissions(event.getGuildChannel()).contains(Permission.MANAGE_SERVER);
    }

    /** The four ways an interaction is answered. */
    private interface Responder {
        void reply(Reply reply);

        void defer();

        void replyAfterDefer(Reply reply);
    }

    private final class SlashResponder implements Responder {
        private final SlashCommandInteractionEvent event;
        private final String token;

        /** Whether even the "thinking…" of a deferral is for the user only (a command whose every answer is private). */
        private final boolean privately;

        SlashResponder(SlashCommandInteractionEvent event, String token, boolean privately) {
            this.event = event;
            this.token = token;
            this.privately = privately;
        }

        @Override
        public void reply(Reply reply) {
            event.reply(ReplyRenderer.message(reply, token, confirmations.timeout())).setEphemeral(reply.ephemeral()).queue();
        }

        @Override
        public void defer() {
            event.deferReply(privately).queue();
        }

        @Override
        public void replyAfterDefer(Reply reply) {
            if (reply.ephemeral() && !privately) {
                // the deferred answer is public; an error or a question is for the user only
                event.getHook().deleteOriginal().queue();
                event.getHook().sendMessage(ReplyRenderer.message(reply, token, confirmations.timeout())).setEphemeral(true).queue();
            } else {
                event.getHook().editOriginal(ReplyRenderer.edit(reply, token, confirmations.timeout())).queue();
            }
        }
    }

    /** A click edits the (ephemeral) confirmation in place; a stray click gets its own ephemeral answer. */
    private final class ButtonResponder implements Responder {
        private final ButtonInteractionEvent event;
        private final String token;

        ButtonResponder(ButtonInteractionEvent event, String token) {
            this.event = event;
            this.token = token;
        }

        @Override
        public void reply(Reply reply) {
            event.editMessage(ReplyRenderer.edit(reply, token, confirmations.timeout())).queue();
        }

        @Override
        public void defer() {
            event.deferEdit().queue();
        }

        @Override
        public void replyAfterDefer(Reply reply) {
            event.getHook().editOriginal(ReplyRenderer.edit(reply, token, confirmations.timeout())).queue();
        }

        void replySeparately(Reply reply) {
            event.reply(ReplyRenderer.message(reply, token, confirmations.timeout())).setEphemeral(true).queue();
        }
    }
}
