package io.peerhub.examples.chatbot;

import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.PeerNode;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.peer.ChatMessage;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A bot that joins a room and answers every chat message with "bot heard: …", printing what it
 * hears and says. Start it with the room link a browser shows:
 * {@code java -cp examples/chat-bot/target/chat-bot.jar:native-peer/target/peerhub-peer.jar
 * io.peerhub.examples.chatbot.ChatBot http://localhost:8080/r/ROOM [NAME]}. Ctrl-C leaves the room.
 */
public final class ChatBot implements AutoCloseable {

    /** What every answer starts with; a message that starts with it is never answered. */
    public static final String ANSWER_PREFIX = "bot heard: ";

    private final PeerNode node;
    // The chat callback runs on the sender's link thread; answers go out from a thread of their own,
    // so that one slow link never holds up the others.
    private final ExecutorService answers = Executors.newSingleThreadExecutor();

    public ChatBot(String roomLink, String name) {
        // The link is given whole to the peer's own parsing, which knows every form a link takes.
        RoomAddress room = RoomAddress.parse(null, roomLink);
        node = new PeerNode(new RtcRuntime(), true, room, name, ClientKind.NATIVE, DeviceIdentity.generate(),
                this::heard, Duration.ofMinutes(1));
        node.start();
        System.out.println("joining room " + room.room() + " at " + room.webSocket() + " as " + name);
    }

    private void heard(RemotePeer from, ChatMessage message) {
        System.out.println("heard [" + from.name() + "] " + message.text());
        if (message.text().startsWith(ANSWER_PREFIX)) {
            return; // another bot's answer: answering it would make two bots talk forever
        }
        answers.execute(() -> {
            String answer = ANSWER_PREFIX + message.text();
            int peers = node.chat().say(answer);
            System.out.println("said \"" + answer + "\" to " + peers + " peer(s)");
        });
    }

    @Override
    public void close() {
        answers.shutdownNow();
        node.close(); // leaves the room, then frees webrtc in the order it needs
        System.out.println("left the room");
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ChatBot ROOM_LINK [NAME]   e.g. ChatBot http://localhost:8080/r/ROOM \"Echo bot\"");
            System.exit(2);
        }
        ChatBot bot = new ChatBot(args[0], args.length > 1 ? args[1] : "Echo bot");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bot.close();
            stopped.countDown();
        }, "leave"));
        stopped.await(); // until Ctrl-C or SIGTERM
    }
}
