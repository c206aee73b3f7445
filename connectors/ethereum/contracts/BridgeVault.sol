// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {RelaySigners} from "./RelaySigners.sol";
import {WrappedToken} from "./WrappedToken.sol";

/// @title BridgeVault
/// @notice Holds tokens locked for transfers to other ledgers and pays out
/// transfers that arrive: `release` of a locked token, `mint` of a wrapped
/// one. Every payout is authorised by the relay's signer set over an EIP-712
/// message that names this chain, this contract, the transfer id, the token,
/// the recipient and the amount; each transfer id is paid out at most once.
/// The signer set may instead cancel a transfer id (`cancel`, its own
/// EIP-712 message): a cancelled id is never paid out, an id paid out is
/// never cancelled, so the relay refunds a transfer only once its payout
/// can no longer happen.
///
/// Transfers may also start from a holder's account without the holder
/// sending anything: the holder grants the bridge an allowance for one API
/// user of the relay (`approveUser`, besides the token's own ERC-20
/// allowance to this vault), and the relay's signer set then pulls within
/// it under the relay's transfer id (`lockFrom` of a native token, `burnFrom`
/// of a wrapped one, each over its own EIP-712 message). A pulled id is
/// never pulled again or cancelled; it can be paid out once, which is how
/// the relay refunds a pulled transfer to its holder.
contract BridgeVault is EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant RELEASE_TYPEHASH =
        keccak256("Release(bytes32 id,address token,address to,uint256 amount)");
    bytes32 public constant MINT_TYPEHASH = keccak256("Mint(bytes32 id,address token,address to,uint256 amount)");
    bytes32 public constant CANCEL_TYPEHASH = keccak256("Cancel(bytes32 id)");
    bytes32 public constant LOCK_FROM_TYPEHASH = keccak256(
        "LockFrom(bytes32 id,address token,address holder,bytes32 user,uint256 amount,string destinationLedger,string destinationAccount)"
    );
    bytes32 public constant BURN_FROM_TYPEHASH = keccak256(
        "BurnFrom(bytes32 id,address token,address holder,bytes32 user,uint256 amount,string destinationLedger,string destinationAccount)"
    );

    /// @notice Bounds on the destination strings of a lock, in bytes.
    uint256 public constant MAX_LEDGER_LENGTH = 64;
    uint256 public constant MAX_ACCOUNT_LENGTH = 256;

    RelaySigners public immutable signers;

    /// @notice Number of locks so far; part of each lock's id.
    uint256 public lockCount;

    /// @notice What became of a transfer id: nothing yet (Open), paid out
    /// (Executed: released or minted), Cancelled, or taken from a holder
    /// (Pulled: lockFrom or burnFrom). Executed and Cancelled are final; a
    /// Pulled id becomes Executed if it is paid out (its refund).
    enum Status {
        Open,
        Executed,
        Cancelled,
        Pulled
    }

    mapping(bytes32 => Status) public status;

    /// @notice What the relay may pull of `token` from `holder` for the API
    /// user `user` (its key id), besides the token's own allowance to this
    /// vault. Set by the holder (approveUser); each pull spends it.
    mapping(address holder => mapping(bytes32 user => mapping(address token => uint256))) public userAllowance;

    event Locked(
        bytes32 indexed id,
        address indexed token,
        address indexed holder,
        uint256 amount,
        string destinationLedger,
        string destinationAccount
    );
    event Released(bytes32 indexed id, address indexed token, address indexed to, uint256 amount);
    event Minted(bytes32 indexed id, address indexed token, address indexed to, uint256 amount);
    event Cancelled(bytes32 indexed id);
    event UserApproval(address indexed holder, bytes32 indexed user, address indexed token, uint256 amount);
    /// @notice A pull for transfer `id`, besides the Locked (lockFrom) or
    /// BurnedForTransfer (burnFrom, from the token) event that reports the
    /// deposit: it names the user whose allowance paid for it, so that the
    /// relay can tell a pull of the same id with other fields.
    event Pulled(
        bytes32 indexed id,
        address indexed holder,
        bytes32 indexed user,
        address token,
        uint256 amount,
        bool burned,
        string destinationLedger,
        string destinationAccount
    );

    error AlreadyExecuted(bytes32 id);
    error TransferCancelled(bytes32 id);
    error ZeroAmount();
    error ZeroAddress();
    error BadDestination();
    error NothingReceived();
    error InsufficientUserAllowance(address holder, bytes32 user, address token, uint256 allowance, uint256 amount);
    /// @notice The token moved another amount than asked (a fee on transfer).
    error ReceivedOtherAmount(uint256 amount, uint256 received);

    constructor(RelaySigners signers_) EIP712("CocoBridgeVault", "1") {
        if (address(signers_) == address(0)) revert ZeroAddress();
        signers = signers_;
    }

    /// @notice Pulls `amount` of `token` from the caller (who approved this
    /// contract) and emits Locked with a new transfer id. The amount
    /// reported is what the vault received.
    function lock(address token, uint256 amount, string calldata destinationLedger, string calldata destinationAccount)
        external
        nonReentrant
        returns (bytes32 id)
    {
        if (amount == 0) revert ZeroAmount();
        if (token == address(0)) revert ZeroAddress();
        uint256 l = bytes(destinationLedger).length;
        uint256 a = bytes(destinationAccount).length;
        if (l == 0 || l > MAX_LEDGER_LENGTH || a == 0 || a > MAX_ACCOUNT_LENGTH) revert BadDestination();
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received == 0) revert NothingReceived();
        id = keccak256(abi.encode(block.chainid, address(this), ++lockCount));
        emit Locked(id, token, msg.sender, received, destinationLedger, destinationAccount);
    }

    /// @notice Sets what the relay may pull of `token` from the caller for
    /// the API user `user` (replacing the allowance before, as ERC-20
    /// approve does). The token's own allowance to this vault is needed
    /// besides.
    function approveUser(bytes32 user, address token, uint256 amount) external {
        if (token == address(0)) revert ZeroAddress();
        userAllowance[msg.sender][user][token] = amount;
        emit UserApproval(msg.sender, user, token, amount);
    }

    /// @notice Locks `amount` of `token` from `holder` for transfer `id`,
    /// within the allowance `holder` gave `user` (approveUser) and the
    /// token's allowance to this vault, authorised by the signer set, and
    /// emits Locked with `id`. The vault must receive exactly `amount`.
    function lockFrom(
        bytes32 id,
        address token,
        address holder,
        bytes32 user,
        uint256 amount,
        string calldata destinationLedger,
        string calldata destinationAccount,
        bytes[] calldata sigs
    ) external nonReentrant {
        _checkDestination(destinationLedger, destinationAccount);
        _authorisePull(
            lockFromDigest(id, token, holder, user, amount, destinationLedger, destinationAccount),
            id,
            token,
            holder,
            user,
            amount,
            sigs
        );
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(holder, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert ReceivedOtherAmount(amount, received);
        emit Locked(id, token, holder, amount, destinationLedger, destinationAccount);
        emit Pulled(id, holder, user, token, amount, false, destinationLedger, destinationAccount);
    }

    /// @notice Burns `amount` of wrapped `token` from `holder` for transfer
    /// `id`, within the allowance `holder` gave `user` (approveUser), the
    /// token's allowance to this vault and the token's burning limit of
    /// this vault, authorised by the signer set; the token emits
    /// BurnedForTransfer with `id`.
    function burnFrom(
        bytes32 id,
        address token,
        address holder,
        bytes32 user,
        uint256 amount,
        string calldata destinationLedger,
        string calldata destinationAccount,
        bytes[] calldata sigs
    ) external nonReentrant {
        _checkDestination(destinationLedger, destinationAccount);
        _authorisePull(
            burnFromDigest(id, token, holder, user, amount, destinationLedger, destinationAccount),
            id,
            token,
            holder,
            user,
            amount,
            sigs
        );
        WrappedToken(token).bridgeBurnFrom(holder, amount, id, destinationLedger, destinationAccount);
        emit Pulled(id, holder, user, token, amount, true, destinationLedger, destinationAccount);
    }

    /// @notice Pays out locked `token` for transfer `id`.
    function release(bytes32 id, address token, address to, uint256 amount, bytes[] calldata sigs)
        external
        nonReentrant
    {
        _authorise(RELEASE_TYPEHASH, id, token, to, amount, sigs);
        IERC20(token).safeTransfer(to, amount);
        emit Released(id, token, to, amount);
    }

    /// @notice Mints wrapped `token` for transfer `id`, within the limit the
    /// token grants this vault.
    function mint(bytes32 id, address token, address to, uint256 amount, bytes[] calldata sigs) external nonReentrant {
        _authorise(MINT_TYPEHASH, id, token, to, amount, sigs);
        WrappedToken(token).mint(to, amount);
        emit Minted(id, token, to, amount);
    }

    /// @notice Cancels transfer `id`: no payout or pull of it can execute
    /// afterwards. Reverts AlreadyExecuted if it was paid out or pulled and
    /// TransferCancelled if it was cancelled before.
    function cancel(bytes32 id, bytes[] calldata sigs) external nonReentrant {
        _requireOpen(id);
        signers.verify(cancelDigest(id), sigs);
        status[id] = Status.Cancelled;
        emit Cancelled(id);
    }

    /// @notice Whether transfer `id` was paid out.
    function executed(bytes32 id) external view returns (bool) {
        return status[id] == Status.Executed;
    }

    /// @notice Whether transfer `id` was pulled from a holder (lockFrom,
    /// burnFrom).
    function pulled(bytes32 id) external view returns (bool) {
        return status[id] == Status.Pulled;
    }

    /// @notice Whether transfer `id` was cancelled.
    function cancelled(bytes32 id) external view returns (bool) {
        return status[id] == Status.Cancelled;
    }

    /// @notice The EIP-712 digest relay nodes sign for a release.
    function releaseDigest(bytes32 id, address token, address to, uint256 amount) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RELEASE_TYPEHASH, id, token, to, amount)));
    }

    /// @notice The EIP-712 digest relay nodes sign for a mint.
    function mintDigest(bytes32 id, address token, address to, uint256 amount) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(MINT_TYPEHASH, id, token, to, amount)));
    }

    /// @notice The EIP-712 digest relay nodes sign to cancel transfer `id`.
    function cancelDigest(bytes32 id) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CANCEL_TYPEHASH, id)));
    }

    /// @notice The EIP-712 digest relay nodes sign for a lockFrom.
    function lockFromDigest(
        bytes32 id,
        address token,
        address holder,
        bytes32 user,
        uint256 amount,
        string calldata destinationLedger,
        string calldata destinationAccount
    ) public view returns (bytes32) {
        return _pullDigest(
            LOCK_FROM_TYPEHASH,
            id,
            token,
            holder,
            user,
            amount,
            keccak256(bytes(destinationLedger)),
            keccak256(bytes(destinationAccount))
        );
    }

    /// @notice The EIP-712 digest relay nodes sign for a burnFrom.
    function burnFromDigest(
        bytes32 id,
        address token,
        address holder,
        bytes32 user,
        uint256 amount,
        string calldata destinationLedger,
        string calldata destinationAccount
    ) public view returns (bytes32) {
        return _pullDigest(
            BURN_FROM_TYPEHASH,
            id,
            token,
            holder,
            user,
            amount,
            keccak256(bytes(destinationLedger)),
            keccak256(bytes(destinationAccount))
        );
    }

    function _pullDigest(
        bytes32 typehash,
        bytes32 id,
        address token,
        address holder,
        bytes32 user,
        uint256 amount,
        bytes32 ledgerHash,
        bytes32 accountHash
    ) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(typehash, id, token, holder, user, amount, ledgerHash, accountHash)));
    }

    function _checkDestination(string calldata destinationLedger, string calldata destinationAccount) private pure {
        uint256 l = bytes(destinationLedger).length;
        uint256 a = bytes(destinationAccount).length;
        if (l == 0 || l > MAX_LEDGER_LENGTH || a == 0 || a > MAX_ACCOUNT_LENGTH) revert BadDestination();
    }

    /// @dev Checks a pull of `id` signed over `digest` and spends the
    /// user's allowance; the id is Pulled afterwards.
    function _authorisePull(
        bytes32 digest,
        bytes32 id,
        address token,
        address holder,
        bytes32 user,
        uint256 amount,
        bytes[] calldata sigs
    ) private {
        _requireOpen(id);
        if (amount == 0) revert ZeroAmount();
        if (token == address(0) || holder == address(0)) revert ZeroAddress();
        signers.verify(digest, sigs);
        uint256 allowed = userAllowance[holder][user][token];
        if (allowed < amount) revert InsufficientUserAllowance(holder, user, token, allowed, amount);
        userAllowance[holder][user][token] = allowed - amount;
        status[id] = Status.Pulled;
    }

    function _requireOpen(bytes32 id) private view {
        Status s = status[id];
        if (s == Status.Executed || s == Status.Pulled) revert AlreadyExecuted(id);
        if (s == Status.Cancelled) revert TransferCancelled(id);
    }

    function _authorise(
        bytes32 typehash,
        bytes32 id,
        address token,
        address to,
        uint256 amount,
        bytes[] calldata sigs
    ) private {
        // A pulled id may still be paid out once: the refund to its holder.
        Status s = status[id];
        if (s == Status.Executed) revert AlreadyExecuted(id);
        if (s == Status.Cancelled) revert TransferCancelled(id);
        if (amount == 0) revert ZeroAmount();
        if (token == address(0) || to == address(0)) revert ZeroAddress();
        signers.verify(_hashTypedDataV4(keccak256(abi.encode(typehash, id, token, to, amount))), sigs);
        status[id] = Status.Executed;
    }
}
