/**
 * Where rendered text goes: the template's output, or a capture (`{% set %}` blocks, and the
 * bodies that macros, `call` and `filter` blocks render). Every append is charged to the
 * render budget, so a loop that prints cannot outgrow it.
 */
import { chargeCapture, chargeOutput } from './budget';

export class TextSink {
  private readonly parts: string[] = [];
  private length = 0;

  constructor(private readonly capture: boolean) {}

  push(text: string): void {
    if (text === '') return;
    this.length += text.length;
    if (this.capture) chargeCapture(this.length, text.length);
    else chargeOutput(this.length, text.length);
    this.parts.push(text);
  }

  text(): string {
    return this.parts.join('');
  }
}
