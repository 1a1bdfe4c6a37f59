// An empty TypeScript entry: the cost of a cold Node process that loads one .ts file (type stripping included).
export {};
