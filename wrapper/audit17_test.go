package wrapper

// Audit of issue 17: the program-wide record of creates is freed once
// nothing needs it.
