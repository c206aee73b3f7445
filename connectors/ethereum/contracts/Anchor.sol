// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {RelaySigners} from "./RelaySigners.sol";

/// @title Anchor
/// @notice Records signed roots of Coco's shared ledger: the seqno of a
/// signature transaction, the Merkle root it signed and its time (Unix
/// nanoseconds). Each is authorised by the relay's signer set over an
/// EIP-712 message bound to this chain and contract; seqnos only increase.
contract Anchor is EIP712 {
    bytes32 public constant ANCHOR_TYPEHASH = keccak256("Anchor(uint64 seqno,bytes32 root,uint64 time)");

    struct Root {
        bytes32 root;
        uint64 time;
    }

    RelaySigners public immutable signers;

    uint64 private _latest;
    mapping(uint64 => Root) private _roots;

    event Anchored(uint64 indexed seqno, bytes32 root, uint64 time);

    error NotNewer(uint64 latest, uint64 seqno);
    error ZeroAddress();

    constructor(RelaySigners signers_) EIP712("CocoAnchor", "1") {
        if (address(signers_) == address(0)) revert ZeroAddress();
        signers = signers_;
    }

    /// @notice The EIP-712 digest relay nodes sign to anchor a root.
    function anchorDigest(uint64 seqno, bytes32 root, uint64 time) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(ANCHOR_TYPEHASH, seqno, root, time)));
    }

    /// @notice Records a root newer than the latest one.
    function record(uint64 seqno, bytes32 root, uint64 time, bytes[] calldata sigs) external {
        if (seqno <= _latest) revert NotNewer(_latest, seqno);
        signers.verify(anchorDigest(seqno, root, time), sigs);
        _latest = seqno;
        _roots[seqno] = Root(root, time);
        emit Anchored(seqno, root, time);
    }

    /// @notice The newest root; seqno 0 if none was recorded.
    function latest() external view returns (uint64 seqno, bytes32 root, uint64 time) {
        Root storage r = _roots[_latest];
        return (_latest, r.root, r.time);
    }

    /// @notice The root recorded at `seqno`; zero if none.
    function rootAt(uint64 seqno) external view returns (bytes32 root, uint64 time) {
        Root storage r = _roots[seqno];
        return (r.root, r.time);
    }
}
