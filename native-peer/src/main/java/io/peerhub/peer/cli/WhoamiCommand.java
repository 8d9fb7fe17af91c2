package io.peerhub.peer.cli;

import io.peerhub.peer.mesh.DeviceIdentity;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = {"Prints this peer's device id (what a drop's --accept-from and a browser's trusted devices hold) "
                + "and its public key, creating the identity file on first run."})
final class WhoamiCommand implements Callable<Integer> {

    @Mixin
    IdentityOptions identity;

    @Override
    public Integer call() throws Exception {
        DeviceIdentity me = identity.load();
        System.out.println("device id:  " + me.deviceId());
        System.out.println("public key: " + Base64.getUrlEncoder().withoutPadding().encodeToString(me.publicKey()));
        return 0;
    }
}
