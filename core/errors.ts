// Errors a user can act on: bad input, a bad setting, an unusable file. The CLI prints their message
// alone and exits 1, the server answers them with a 4xx; any other exception is a bug, reported with its
// stack (the CLI) or as a logged 500 (the server).
export class UserError extends Error {
  override get name(): string {
    return this.constructor.name;
  }
}
