// The Node test project does not load the Worker's generated binding types; the routes tested here
// (elder-friendly mode) use no bindings, so an empty Env is enough for their Hono type.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
interface Env {}
