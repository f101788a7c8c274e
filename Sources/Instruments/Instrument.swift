// Instruments: instrument model, loading, validation, scoring.
