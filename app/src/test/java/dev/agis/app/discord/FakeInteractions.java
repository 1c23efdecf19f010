package dev.agis.app.discord;

import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.MessageTopLevelComponentUnion;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.unions.GuildMessageChannelUnion;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.AutoCompleteQuery;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.AutoCompleteCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * JDA interaction events as mocks that record how the listener answered them: the real listener
 * runs, only Discord is left out (the fake Discord end-to-end test covers the wire).
 */
final class FakeInteractions {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private FakeInteractions() {
    }

    static String nextId() {
        return Long.toString(IDS.incrementAndGet());
    }

    /** One answer to an interaction: a reply, a deferral, an edit, a follow-up or a deletion. */
    record Answer(String kind, List<MessageEmbed> embeds, List<MessageTopLevelComponentUnion> components, boolean ephemeral) {

        boolean isFinal() {
            return !kind.equals("defer") && !kind.equals("delete");
        }

        MessageEmbed embed() {
            return embeds.get(0);
        }

        String title() {
            return embed().getTitle();
        }

        String field(String name) {
            return embed().getFields().stream().filter(f -> name.equals(f.getName())).map(MessageEmbed.Field::getValue)
                    .findFirst().orElse(null);
        }

        List<String> buttons() {
            return components.stream().flatMap(c -> c.asActionRow().getButtons().stream()).map(Button::getCustomId).toList();
        }

        String confirmButton() {
            return buttons().stream().filter(b -> b.startsWith("agis:confirm:")).findFirst().orElseThrow();
        }
    }

    /** What one interaction got, in order. */
    static final class Recorder {
        private final List<Answer> answers = new ArrayList<>();

        synchronized void add(Answer answer) {
            answers.add(answer);
        }

        synchronized List<Answer> answers() {
            return List.copyOf(answers);
        }

        Answer awaitFinal() {
            await().atMost(Duration.ofSeconds(30)).until(() -> answers().stream().anyMatch(Answer::isFinal));
            return answers().stream().filter(Answer::isFinal).reduce((a, b) -> b).orElseThrow();
        }
    }

    static SlashCommandInteractionEvent slash(Recorder recorder, String user, String guild, boolean manageServer,
                                              String name, String subcommand, Map<String, String> options) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        when(event.getId()).thenReturn(nextId());
        when(event.getName()).thenReturn(name);
        when(event.getSubcommandName()).thenReturn(subcommand);
        List<OptionMapping> mappings = new ArrayList<>();
        options.forEach((k, v) -> {
            OptionMapping option = mock(OptionMapping.class);
            when(option.getName()).thenReturn(k);
            when(option.getAsString()).thenReturn(v);
            mappings.add(option);
        });
        when(event.getOptions()).thenReturn(mappings);
        User u = user(user);
        when(event.getUser()).thenReturn(u);
        if (guild != null) {
            Guild g = mock(Guild.class);
            when(g.getId()).thenReturn(guild);
            when(event.getGuild()).thenReturn(g);
            GuildMessageChannelUnion channel = mock(GuildMessageChannelUnion.class);
            doReturn(channel).when(event).getGuildChannel();
            Member member = mock(Member.class);
            when(member.getPermissions(channel)).thenReturn(manageServer ? EnumSet.of(Permission.MANAGE_SERVER) : EnumSet.noneOf(Permission.class));
            when(event.getMember()).thenReturn(member);
        }
        when(event.reply(any(MessageCreateData.class))).thenAnswer(inv -> replyAction(recorder, "reply", inv.getArgument(0)));
        when(event.deferReply(anyBoolean())).thenAnswer(inv -> {
            ReplyCallbackAction action = mock(ReplyCallbackAction.class, RETURNS_SELF);
            doAnswer(q -> {
                recorder.add(new Answer("defer", List.of(), List.of(), inv.getArgument(0)));
                return null;
            }).when(action).queue();
            return action;
        });
        InteractionHook hook = hook(recorder);
        when(event.getHook()).thenReturn(hook);
        return event;
    }

    static ButtonInteractionEvent button(Recorder recorder, String user, String componentId) {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        when(event.getId()).thenReturn(nextId());
        when(event.getComponentId()).thenReturn(componentId);
        User u = user(user);
        when(event.getUser()).thenReturn(u);
        when(event.editMessage(any(MessageEditData.class))).thenAnswer(inv -> {
            MessageEditData data = inv.getArgument(0);
            MessageEditCallbackAction action = mock(MessageEditCallbackAction.class, RETURNS_SELF);
            doAnswer(q -> {
                recorder.add(new Answer("edit", data.getEmbeds(), data.getComponents(), true));
                return null;
            }).when(action).queue();
            return action;
        });
        when(event.deferEdit()).thenAnswer(inv -> {
            MessageEditCallbackAction action = mock(MessageEditCallbackAction.class, RETURNS_SELF);
            doAnswer(q -> {
                recorder.add(new Answer("defer", List.of(), List.of(), true));
                return null;
            }).when(action).queue();
            return action;
        });
        when(event.reply(any(MessageCreateData.class))).thenAnswer(inv -> replyAction(recorder, "reply", inv.getArgument(0)));
        InteractionHook hook = hook(recorder);
        when(event.getHook()).thenReturn(hook);
        return event;
    }

    /** Autocompletion of {@code option} with {@code typed}; {@code offered} completes with the choices the listener offers. */
    static CommandAutoCompleteInteractionEvent autocomplete(CompletableFuture<List<Command.Choice>> offered, String user, String guild, String name,
                                                            String subcommand, String option, String typed) {
        CommandAutoCompleteInteractionEvent event = mock(CommandAutoCompleteInteractionEvent.class);
        when(event.getId()).thenReturn(nextId());
        when(event.getName()).thenReturn(name);
        when(event.getSubcommandName()).thenReturn(subcommand);
        when(event.getOptions()).thenReturn(List.of());
        User u = user(user);
        when(event.getUser()).thenReturn(u);
        Guild g = mock(Guild.class);
        when(g.getId()).thenReturn(guild);
        when(event.getGuild()).thenReturn(g);
        GuildMessageChannelUnion channel = mock(GuildMessageChannelUnion.class);
        doReturn(channel).when(event).getGuildChannel();
        Member member = mock(Member.class);
        when(member.getPermissions(channel)).thenReturn(EnumSet.noneOf(Permission.class));
        when(event.getMember()).thenReturn(member);
        AutoCompleteQuery focused = mock(AutoCompleteQuery.class);
        when(focused.getName()).thenReturn(option);
        when(focused.getValue()).thenReturn(typed);
        when(event.getFocusedOption()).thenReturn(focused);
        when(event.replyChoices(anyCollection())).thenAnswer(inv -> {
            AutoCompleteCallbackAction action = mock(AutoCompleteCallbackAction.class, RETURNS_SELF);
            Collection<Command.Choice> choices = inv.getArgument(0);
            doAnswer(q -> {
                offered.complete(List.copyOf(choices));
                return null;
            }).when(action).queue();
            return action;
        });
        return event;
    }

    private static User user(String id) {
        User u = mock(User.class);
        when(u.getId()).thenReturn(id);
        return u;
    }

    private static ReplyCallbackAction replyAction(Recorder recorder, String kind, MessageCreateData data) {
        ReplyCallbackAction action = mock(ReplyCallbackAction.class, RETURNS_SELF);
        AtomicBoolean ephemeral = new AtomicBoolean();
        doAnswer(inv -> {
            ephemeral.set(inv.getArgument(0));
            return action;
        }).when(action).setEphemeral(anyBoolean());
        doAnswer(inv -> {
            recorder.add(new Answer(kind, data.getEmbeds(), data.getComponents(), ephemeral.get()));
            return null;
        }).when(action).queue();
        return action;
    }

    @SuppressWarnings("unchecked")
    private static InteractionHook hook(Recorder recorder) {
        InteractionHook hook = mock(InteractionHook.class);
        when(hook.editOriginal(any(MessageEditData.class))).thenAnswer(inv -> {
            MessageEditData data = inv.getArgument(0);
            WebhookMessageEditAction<Object> action = mock(WebhookMessageEditAction.class, RETURNS_SELF);
            doAnswer(q -> {
                recorder.add(new Answer("edit", data.getEmbeds(), data.getComponents(), false));
                return null;
            }).when(action).queue();
            return action;
        });
        when(hook.deleteOriginal()).thenAnswer(inv -> {
            RestAction<Void> action = mock(RestAction.class);
            doAnswer(q -> {
                recorder.add(new Answer("delete", List.of(), List.of(), false));
                return null;
            }).when(action).queue();
            return action;
        });
        when(hook.sendMessage(any(MessageCreateData.class))).thenAnswer(inv -> {
            MessageCreateData data = inv.getArgument(0);
            WebhookMessageCreateAction<Object> action = mock(WebhookMessageCreateAction.class, RETURNS_SELF);
            AtomicBoolean ephemeral = new AtomicBoolean();
            doAnswer(q -> {
                ephemeral.set(q.getArgument(0));
                return action;
            }).when(action).setEphemeral(anyBoolean());
            doAnswer(q -> {
                recorder.add(new Answer("followup", data.getEmbeds(), data.getComponents(), ephemeral.get()));
                return null;
            }).when(action).queue();
            return action;
        });
        return hook;
    }
}
