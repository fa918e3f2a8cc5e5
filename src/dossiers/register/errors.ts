/** A register file that cannot be imported as a whole; nothing was changed. The message is for staff. */
export class RegisterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegisterError";
  }
}
