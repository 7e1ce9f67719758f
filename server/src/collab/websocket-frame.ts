/**
 * One unmasked, final, binary WebSocket frame (RFC 6455, section 5.2) around
 * `payload`: what `ws` would write for a server's binary message, built once
 * when the same message goes to many sockets. Sending it costs one socket
 * write per recipient, without `ws` framing it again for each.
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  // FIN and opcode 2 (binary); no extensions (permessage-deflate is off on /collab).
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerLength);
  return frame;
}
