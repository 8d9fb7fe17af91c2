package io.peerhub.peer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar peerhub-peer.jar drop|send|chat ...}: the headless Java peer. */
@Command(name = "peerhub-peer", mixinStandardHelpOptions = true, version = "peerhub-peer 0.1.0",
        description = "A headless Peerhub peer: an always-on file drop, a shared folder, a file sender and a chat client.",
        subcommands = {DropCommand.class, ShareCommand.class, SendCommand.class, ChatCommand.class, KeepCommand.class, ExportCommand.class, DocCommand.class, WhoamiCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: drop, send or chat");
    }
}
