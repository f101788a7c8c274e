/// rapport's version: the one place it is written (`rapport --version`).
enum RapportVersion {
    static let string = "0.9.0"
}
