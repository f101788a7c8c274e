import ArgumentParser
import Formats
import Foundation
import Instruments
import Store

/// Options of `export` for the formats of other systems.
struct ExportFormatOptions: ParsableArguments {
    @Flag(
        name: .customLong("include-licensed-text"),
        help:
            "FHIR: include item texts whose licence restricts redistribution (WAI family); only with the copyright holder's permission."
    )
    var includeLicensedText = false
    @Option(
        name: .customLong("fhir-base"), help: "FHIR: base of the canonical URLs (default \(FHIRExporter.defaultBase)).")
    var fhirBase: String?
}
