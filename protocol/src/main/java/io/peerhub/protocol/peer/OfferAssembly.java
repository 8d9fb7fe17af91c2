package io.peerhub.protocol.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of one offer as they arrive, in any order, until the manifest is whole
 * (docs/protocol.md, "Control channel messages"). Each part is judged as it arrives: parts that
 * disagree or repeat, an entry that breaks a rule, or more files than {@code fileCount} refuse
 * the offer at once; the rules of the whole (the count, duplicates, the total) once every part
 * is in. The browser's twin is web-client/src/transfer/manifest.ts {@code OfferAssembler};
 * the time window and the peer the parts come from are the caller's. Not thread-safe.
 */
public final class OfferAssembly {

    private final TransferOffer head;
    private final TransferOffer[] parts;
    private int files;

    /** Starts with the first part that arrived (any {@code part}), which {@link #add} then takes. */
    public OfferAssembly(TransferOffer first) {
        this.head = first;
        this.parts = new TransferOffer[first.parts()];
    }

    /**
     * Adds one part of this offer.
     *
     * @return the validated manifest once every part is in, empty while parts are missing
     * @throws InvalidManifestException when the offer is to be refused with {@code bad-manifest}
     */
    public Optional<Manifest> add(TransferOffer offer) {
        if (!offer.id().equals(head.id()) || offer.parts() != head.parts()
                || offer.fileCount() != head.fileCount() || offer.totalBytes() != head.totalBytes()) {
            throw new InvalidManifestException("offer parts disagree");
        }
        if (parts[offer.part()] != null) {
            throw new InvalidManifestException("offer part repeated");
        }
        parts[offer.part()] = offer;
        if (offer.badEntry() != null) {
            throw new InvalidManifestException(offer.badEntry());
        }
        for (int i = 0; i < offer.files().size(); i++) {
            Manifest.checkEntry(offer.files().get(i), files + i);
        }
        files += offer.files().size();
        if (files > head.fileCount()) {
            throw new InvalidManifestException("more files than fileCount");
        }
        for (TransferOffer p : parts) {
            if (p == null) {
                return Optional.empty();
            }
        }
        List<FileEntry> all = new ArrayList<>(files);
        for (TransferOffer p : parts) {
            all.addAll(p.files());
        }
        return Optional.of(Manifest.validate(head.id(), all, head.fileCount(), head.totalBytes()));
    }
}
