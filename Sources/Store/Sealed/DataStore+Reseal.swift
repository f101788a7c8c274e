import Foundation

extension DataStore {
    /// The clinical files of a client that exist (records, drafts, summary, notes, …).
    func clinicalFiles(_ id: ClientID) throws(StoreError) -> [String] {
        var paths: [String] = []
        for name in try fs.list(layout.client(id)).sorted() where !name.hasPrefix(".") {
            let path = layout.client(id) + "/" + name
            if ClinicalKind.of(path, in: layout) != nil { paths.append(path) }
        }
        for dir in [layout.records(id), layout.drafts(id)] {
            for name in try fs.list(dir).sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
                paths.append(dir + "/" + name)
            }
        }
        return paths
    }

    /// Moves a client to another therapist's caseload (`client assign`): under the client's lock,
    /// every clinical file is opened with this process's keys and sealed again to `therapist`'s
    /// caseload key, one atomic durable write per file, and `client.json` names the new therapist
    /// last. A crash leaves each file sealed to the old or the new therapist (a holder of that key
    /// reads it) and a re-run finishes the move. In a plaintext directory only `client.json`
    /// changes. Needs the private key of the old caseload and the public key of the new one.
    ///
    /// The caseload index is marked stale before anything is written and its lock held until
    /// `client.json` names the new therapist: a sealed index records each client's therapist (the
    /// need-to-know filter reads it there), so no index written before the move can stay fresh
    /// after it, even if the move is interrupted.
    public func resealClient(_ id: ClientID, to therapist: AccountID) throws(StoreError) {
        let lock = try lockClient(id)
        defer { lock.unlock() }
        let index = try beginIndexUpdate()
        defer { index.abandon() }
        if isSealed() {
            guard keyring?.caseloadPublicKey(of: therapist) != nil else {
                throw .notPermitted("no caseload key of therapist \(therapist)")
            }
            for path in try clinicalFiles(id) {
                guard let (client, kind) = ClinicalKind.of(path, in: layout) else { continue }
                let data = try fs.read(path)
                if kind == .draft { continue }  // sealed with the draft key, not to a therapist
                if let envelope = try? StoreCoding.decoder().decode(SealedEnvelope.self, from: data),
                    envelope.sealedTo == therapist
                {
                    continue  // already moved (a re-run)
                }
                let plain = try plaintext(of: data, path: path)
                var date: SessionDate?
                if kind == .record {
                    date = try StoreCoding.decode(AdministrationRecord.self, from: plain, path: path).sessionDate
                }
                try fs.writeAtomically(
                    seal(plain, client: client, kind: kind, path: path, therapist: therapist, date: date), to: path,
                    durable: durable)
            }
            // The summary's spare holds an older summary sealed to the former therapist.
            try fs.removeSpare(of: layout.summary(id))
        }
        var record = try client(id)
        record.therapist = therapist.rawValue
        try write(record, to: layout.clientFile(id))
    }
}
